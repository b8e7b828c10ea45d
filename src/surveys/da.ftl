question_kind_scale = Skala fra 1 til 5
question_kind_choice = Valg mellem svar
question_kind_text = Fri tekst
survey_audience_participants = Initiativets deltagere
survey_audience_attended = Dem, der var med til et arrangement
survey_audience_contributors = Dem, der har givet et bidrag
survey_audience_booked = Dem, der har lånt et lokale til initiativet, når lånet er brugt
survey_new = Send et spørgeskema
survey_new_intro = Spørg dem, der var med, hvordan de oplevede det: højst 8 korte spørgsmål, som besvares på telefonen via et personligt link. Svarene er anonyme, og resultaterne vises først, når mindst 5 har svaret.
survey_title = Overskrift
hint_survey_title = Fx "Hvordan var turen?"
survey_audience = Hvem skal spørges?
hint_survey_audience = Hver får besked i sin indbakke og på e-mail, som de selv har valgt.
survey_event = Arrangement
hint_survey_event = Kun når I spørger dem, der var med til et arrangement (tjekket ind).
survey_no_event = Intet arrangement
survey_question_n = Spørgsmål { $n }
survey_question_kind = Slags svar
survey_question_prompt = Spørgsmålet
survey_question_choices = Svarmuligheder
hint_survey_choices = Kun ved valg mellem svar: ét svar på hver linje, 2–8 svar.
survey_send = Send spørgeskemaet
survey_answer_intro = Dit svar er anonymt: initiativet ser kun, hvad alle har svaret tilsammen, og først når mindst 5 har svaret. Du kan springe spørgsmål over.
survey_answer_send = Send mine svar
survey_thanks = Tak for dine svar
survey_thanks_text = Dine svar er gemt. Linket kan ikke bruges igen.
survey_scale_point = { $value ->
        [1] 1 – slet ikke
        [2] 2
        [3] 3
        [4] 4
       *[5] 5 – i høj grad
    }
survey_mean = Gennemsnit { $mean } på en skala 1–5
survey_texts = { $n ->
        [one] { $n } skriftligt svar
       *[other] { $n } skriftlige svar
    }
survey_answered = { $answered } af { $asked } har svaret
surveys = Spørgeskemaer
surveys_none = Der er ikke sendt et spørgeskema endnu.
survey_too_few = Resultaterne vises, når mindst 5 har svaret, så ingen kan genkendes.
survey_answer = Svar
survey_count = Antal
survey_texts_leaders = Skriftlige svar (kun for initiativets ledere)
err_survey_no_questions = Skriv mindst ét spørgsmål.
err_survey_too_many = Højst { $max } spørgsmål: et kort spørgeskema bliver besvaret.
err_survey_one_text = Højst ét spørgsmål med fri tekst.
err_survey_choices = Skriv 2–{ $max } svarmuligheder, ét på hver linje, hver på højst 100 tegn.
err_survey_event = Vælg et af initiativets arrangementer, når I spørger dem, der var med til det – og kun da.
err_survey_already_answered = Dette link er allerede brugt: der kan svares én gang.
err_survey_no_audience = Ingen med en konto er i den gruppe endnu, så der er ingen at spørge.
survey_csv_kind = Spørgeskemasvar
survey_csv_summary = I alt
