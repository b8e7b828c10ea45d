nav_workshops = Workshops
workshops_title = Workshops
workshops_intro = Workshops where ideas are followed up: every idea keeps its author, and shows what became of it and why.
workshops_none = There are no workshops yet.
workshop_search_label = Search the workshops' ideas
workshop_search = Find an idea from a workshop
workshop_found_n = { $n ->
        [one] { $n } idea found
       *[other] { $n } ideas found
    }
workshop_found_none = No ideas match. Try another word.
workshops_all = All workshops
workshop_new = Plan a workshop
workshop_new_intro = Say what the workshop is for and which questions participants answer. Participants join on their phones with a short code.
workshop_create = Plan the workshop
workshop_host = Host
hint_workshop_host = Yourself or an organisation you act for.
workshop_co_hosts = Together with
hint_workshop_co_hosts = The municipal units that frame and facilitate the workshop with you. They can also type in ideas and decide what becomes of them.
workshop_purpose = Purpose
hint_workshop_purpose = What should the workshop lead to?
workshop_questions = Questions
hint_workshop_questions = One question per line, at most eight. Ideas are gathered under the questions.
workshop_agenda = Agenda
workshop_dots = Dots per participant
hint_workshop_dots = How many dots each participant can put on the ideas they find most important.
workshop_fate_within = Days until every idea has its fate
hint_workshop_fate_within = An idea nobody has decided on this long after the workshop is shown to the hosts.
workshop_hosted_by = Hosts: { $hosts }
workshop_ideas = Ideas
workshop_ideas_n = { $n ->
        [one] { $n } idea
       *[other] { $n } ideas
    }
workshop_ideas_decided = { $n ->
        [one] { $n } idea
       *[other] { $n } ideas
    }, { $decided } decided
workshop_no_ideas = No ideas yet.
workshop_csv = Download every idea as CSV
workshop_session = The session
workshop_code_is = Participants go to /w on their phones and type the code { $code }.
workshop_overdue_n = { $n ->
        [one] { $n } idea is waiting for a decision past the deadline.
       *[other] { $n } ideas are waiting for a decision past the deadline.
    }
workshop_open = Open for ideas
workshop_close = Close for ideas
workshop_state_planned = Planned
workshop_state_open = Open for ideas
workshop_state_closed = Closed for ideas
workshop_enter = Join a workshop
workshop_enter_intro = Type the code shown in the room.
workshop_enter_go = Continue
workshop_code = Code
hint_workshop_code = Six characters, e.g. K7M4PQ.
workshop_session_of = Workshop: { $title }
workshop_session_not_open = The workshop is not taking ideas right now ({ $state }).
workshop_see_report = See the workshop's ideas and what became of them
workshop_join_intro = Type the name to show with your ideas, or leave it empty to stay anonymous. You need no account.
workshop_join_name = Your name
hint_workshop_join_name = Shown with your ideas. Empty: anonymous.
hint_workshop_join_email = If you want to hear when your ideas are decided on. Used for nothing else.
workshop_join = Join
workshop_joined_as = You take part as { $name }.
idea_question = Question
idea_text = Your idea
hint_idea_text = Short and concrete, as on a post-it.
idea_post_anonymously = Show the idea without my name
idea_add = Add the idea
idea_added = Thank you, your idea is in.
idea_yours = Your ideas
idea_anonymous = Anonymous
idea_origin = Came from
idea_origin_phone = Phone
idea_origin_paper = Paper post-it
idea_origin_facilitator = The facilitator
idea_author = Author
hint_idea_author = The name as written on the note. Empty: anonymous.
idea_from_paper = Type in an idea from paper
idea_from_paper_intro = Ideas from post-its count like all others and are followed up the same way.
idea_see = Idea { $id }
idea_title = Idea { $id }
idea_added_on = Added
idea_fate = What became of the idea
idea_fate_adopted = Adopted
idea_fate_parked = Parked
idea_fate_declined = Declined
idea_adopted_initiative = Became an initiative
idea_adopted_plan = Became part of the plan
idea_adopted_need = Became a need of an initiative
idea_adopted_request = Became a request to the municipality
idea_no_fate = Not decided yet
idea_split = Split the idea
idea_split_intro = When an idea holds several proposals, split it into parts that each get their own decision. The idea, its author and its dots stay, and each part shows where it came from.
idea_split_parts = The parts, one per line
hint_idea_split_parts = Each part carries the idea's dots and author with it.
idea_split_save = Split the idea
idea_split_into = Split into
idea_split_from = Split from { $idea }
idea_start_initiative = Start an initiative from this idea
idea_overdue = Past the deadline
idea_parked_until = until { $day }
idea_responsible = responsible: { $name }
idea_decide = Decide what becomes of the idea
idea_decide_intro = The author and everyone who followed the idea see the decision with its reason. A parked idea is taken up again on the day.
idea_adopted_as = Became
hint_idea_adopted_as = Only for an adopted idea.
idea_adopted_id = Number
hint_idea_adopted_id = The number in the address of the initiative, need or request, e.g. 12 for /initiatives/12.
idea_parked_until_field = Parked until
hint_idea_parked_until = Only for a parked idea: the day it is taken up again.
idea_reason = Reason
hint_idea_reason = Why, so the author can understand it.
idea_responsible_field = Responsible
hint_idea_responsible = The name of the person answerable for the decision.
idea_decide_save = Save the decision
csv_idea_id = Number
csv_idea_question = Question
csv_idea_text = Idea
csv_idea_author = Author
csv_idea_origin = Came from
csv_idea_added = Added
csv_idea_fate = Decision
csv_idea_became = Became
csv_idea_parked_until = Parked until
csv_idea_reason = Reason
csv_idea_responsible = Responsible
err_workshop_questions = Write at least one question.
err_workshop_questions_max = At most { $max } questions.
err_workshop_dots = Type a whole number from 0 to { $max }.
err_workshop_fate_days = Type a number of days from 1 to 365.
err_idea_parked_past = Choose a day after today.
err_idea_adopted_where = Give the number of the initiative, need or request the idea became.
err_workshop_not_open = The workshop is not taking ideas right now.
err_workshop_code_unknown = No workshop has that code. Look for the code in the room again.
err_idea_flood = You have added many ideas in a short time. Wait a little and try again.
err_idea_question_unknown = Choose one of the workshop's questions.
err_workshop_state_changed = Someone else just opened or closed the session. Look at the page again.
err_idea_fate_changed = Someone else just decided on the idea. See the decision before you change it.
err_idea_fate_final = The idea has already been adopted or declined, and that decision stands.
workshop_forget_title = No more e-mails about your ideas
workshop_forget_intro = We delete the e-mail address you gave at the workshop. Your ideas stay.
workshop_forget_button = Delete my e-mail address
workshop_forgotten = Your e-mail address has been deleted from the workshop.
idea_origin_merged = Merged from several ideas
idea_origin_split = Split from an idea
idea_merged_from = Merged from
idea_merged_into = Merged into { $idea }
idea_dots = { $n ->
        [one] { $n } dot
       *[other] { $n } dots
    }
idea_theme = Theme
idea_no_theme = No theme
idea_theme_save = Save the theme
workshop_themes = Themes
workshop_drag_hint = Drag an idea onto a theme to put it there, or onto another idea to merge them.
workshop_drag_merging = Both ideas are ticked under Merge ideas. Write the merged idea, and save.
workshop_drag_cannot_merge = That idea cannot be merged: it is adopted or declined already.
workshop_drag_failed = The theme was not saved. Try again, or use the form on the idea's page.
workshop_theme_add = Add a theme
workshop_theme_name = New theme
hint_workshop_theme_name = E.g. "School routes" or "Green streets". Ideas get their theme on the idea's page.
workshop_merge = Merge ideas
workshop_merge_intro = Choose the ideas that say the same and write the merged idea. The original ideas and their authors stay under it, and they hear of its fate.
workshop_merge_ideas = The ideas to merge
workshop_merged_text = The merged idea
workshop_merge_save = Merge the ideas
dots_left = { $n ->
        [one] You have { $n } dot left.
       *[other] You have { $n } dots left.
    }
dots_give = Give a dot
dots_intro = Put your dots on the ideas you find most important.
dots_given = You gave a dot
err_merge_two = Choose at least two different ideas.
err_idea_merge_refused = Only ideas of this workshop that are not merged already and not adopted or declined can be merged.
err_no_dots_left = You have used all your dots.
err_already_dotted = You already gave that idea a dot.
err_workshop_theme = Write a name of at most 100 characters.
csv_idea_dots = Dots
csv_idea_merged_into = Merged into
csv_idea_split_from = Split from
err_idea_merged = The idea was merged with others into a new one; the new idea's decision is its decision too.
err_idea_split = The idea was split into parts; each part gets its own decision.
err_idea_split_refused = Only an idea that is not split or merged already and not adopted or declined can be split.
err_split_parts = Write each part on a line of its own: at least 2 and at most { $max } parts.
