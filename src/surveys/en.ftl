question_kind_scale = Scale from 1 to 5
question_kind_choice = Choice between answers
question_kind_text = Free text
survey_audience_participants = The initiative's participants
survey_audience_attended = Those who came to an event
survey_audience_contributors = Those who gave a contribution
survey_audience_booked = Those who booked a space for the initiative, once the booking has been used
survey_new = Send a survey
survey_new_intro = Ask those who took part how it was for them: at most 8 short questions, answered on the phone through a personal link. Answers are anonymous, and results are shown only once at least 5 have answered.
survey_title = Heading
hint_survey_title = For example "How was the walk?"
survey_audience = Who should be asked?
hint_survey_audience = Each is told in their inbox and by e-mail, as they chose.
survey_event = Event
hint_survey_event = Only when asking those who came to an event (checked in).
survey_no_event = No event
survey_question_n = Question { $n }
survey_question_kind = Kind of answer
survey_question_prompt = The question
survey_question_choices = Answers to choose from
hint_survey_choices = Only for a choice: one answer a line, 2–8 answers.
survey_send = Send the survey
survey_answer_intro = Your answer is anonymous: the initiative sees only what everyone answered together, and only once at least 5 have answered. You may skip questions.
survey_answer_send = Send my answers
survey_thanks = Thank you for your answers
survey_thanks_text = Your answers are saved. The link cannot be used again.
survey_scale_point = { $value ->
        [1] 1 – not at all
        [2] 2
        [3] 3
        [4] 4
       *[5] 5 – very much
    }
survey_mean = Mean { $mean } on a scale of 1–5
survey_texts = { $n ->
        [one] { $n } written answer
       *[other] { $n } written answers
    }
survey_answered = { $answered } of { $asked } have answered
surveys = Surveys
surveys_none = No survey has been sent yet.
survey_too_few = Results are shown once at least 5 have answered, so that nobody can be recognised.
survey_answer = Answer
survey_count = Count
survey_texts_leaders = Written answers (for the initiative's leaders only)
err_survey_no_questions = Write at least one question.
err_survey_too_many = At most { $max } questions: a short survey gets answered.
err_survey_one_text = At most one free-text question.
err_survey_choices = Write 2–{ $max } answers to choose from, one a line, each at most 100 characters.
err_survey_event = Choose one of the initiative's events when asking those who came to it – and only then.
err_survey_already_answered = This link was used already: it answers once.
err_survey_no_audience = Nobody with an account is in that group yet, so there is nobody to ask.
survey_csv_kind = Survey answers
survey_csv_summary = In all
