# One line for the inbox and the e-mail, by the kind of happening.
notice = { $kind ->
        [initiative_started] New initiative: { $title }
        [need_added] New need at { $context }: { $title }
        [status_changed] { $title } is now “{ $detail }”
        [pledge_accepted] { $context } accepted your pledge: { $title }
        [pledge_declined] { $context } declined your pledge: { $title }
        [call_published] Call for help from { $context }: { $title }
        [signup_promoted] You have a place: { $title }
        [event_cancelled] Cancelled: { $title }
        [request_question] { $context } has a question about your request: { $title }
        [request_decided] { $context } has decided your request: { $title }
        [survey_invited] { $context } would like to hear how it was for you: { $title }
        [proposal_made] { $context } has a proposal for { $title }: { $detail }
        [proposal_answered] { $context } answered the proposal for { $title }: { $detail }
        [content_hidden] A moderator has hidden "{ $title }": { $detail }
        [thread_started] New debate on { $context }: { $title }
        [thread_replied] New reply in the debate "{ $title }"
        [thread_concluded] The debate "{ $title }" has ended with an outcome
        [idea_decided] Decision on an idea from { $context } ({ $detail }): { $title }
        [idea_parked_due] A parked idea from { $context } is to be taken up again: { $title }
        [content_restored] "{ $title }" can be seen again
        [register_request_made] New request in the register of { $context }: { $detail }
        [register_request_due] Remember to answer a request in the register of { $context } – the deadline is { $title }: { $detail }
        [register_request_answered] { $context } has answered your request about your data: { $detail }
       *[tip_updated] News about the tip "{ $title }": { $detail }
    }
# The button on whatever can be followed.
follow_button = { $target ->
        [initiative] Follow the initiative
        [theme] Follow the theme “{ $name }”
        [neighbourhood] Follow the neighbourhood { $name }
        [actor] Follow { $name }
        [thread] Follow the debate
        [idea] Follow the idea
       *[tip] Follow the tip
    }
unfollow_button = { $target ->
        [initiative] Unfollow the initiative
        [theme] Unfollow the theme “{ $name }”
        [neighbourhood] Unfollow the neighbourhood { $name }
        [actor] Unfollow { $name }
        [thread] Stop following the debate
        [idea] Stop following the idea
       *[tip] Stop following the tip
    }
unfollow = Unfollow
following_title = What you follow
following_intro = You are told in your inbox when something happens in what you follow – and by e-mail if you like.
follows_title = You follow
follows_none = You follow nothing yet. Use the “Follow” buttons on initiatives and actors.
email_mode = E-mail
inbox_empty = No notifications yet.
unread = Unread
mark_all_read = Mark all as read
unsubscribe_title = Unsubscribe from e-mails
unsubscribe_explain = No more e-mails from Medspil? Notifications stay in your inbox.
unsubscribe_button = Unsubscribe from all e-mails
unsubscribed = You will get no more e-mails from Medspil. You can turn them on again under “What you follow”.
target_kind_initiative = Initiative
target_kind_theme = Theme
target_kind_neighbourhood = Neighbourhood
target_kind_actor = Actor
target_kind_tip = Tip
target_kind_thread = Debate
target_kind_idea = Idea
email_mode_immediate = Immediately
email_mode_daily = One digest a day
email_mode_off = No e-mails
notification_kind_initiative_started = New initiative
notification_kind_need_added = New need
notification_kind_call_published = Call for help
notification_kind_status_changed = New status
notification_kind_pledge_accepted = Accepted
notification_kind_pledge_declined = Declined
notification_kind_signup_promoted = Place
notification_kind_event_cancelled = Cancelled
notification_kind_request_question = Question
notification_kind_request_decided = Decision
notification_kind_tip_updated = Tip update
mail_reason = You get this e-mail because you follow something on Medspil or have counted yourself in.
mail_settings = Settings
mail_unsubscribe = Unsubscribe
digest_heading = New on Medspil since last time ({ $n } in all):
digest_count = { $n ->
        [one] { $n } new notification
       *[other] { $n } new notifications
    }
notification_kind_survey_invited = Survey
notification_kind_proposal_made = Proposal
notification_kind_proposal_answered = Answer to a proposal
notification_kind_content_hidden = Content hidden
notification_kind_content_restored = Content restored
notification_kind_idea_decided = Decision on an idea
notification_kind_idea_parked_due = A parked idea is to be taken up again
notification_kind_register_request_made = A new request in a register
notification_kind_register_request_due = A deadline for a request in a register
notification_kind_register_request_answered = An answer to a request about your data
notification_kind_thread_started = New debate
notification_kind_thread_replied = New reply in a debate
notification_kind_thread_concluded = Debate concluded
