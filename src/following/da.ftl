# One line for the inbox and the e-mail, by the kind of happening.
notice = { $kind ->
        [initiative_started] Nyt initiativ: { $title }
        [need_added] Nyt behov hos { $context }: { $title }
        [status_changed] { $title } har fået status «{ $detail }»
        [pledge_accepted] { $context } tager imod dit tilbud: { $title }
        [pledge_declined] { $context } har afslået dit tilbud: { $title }
        [call_published] Opråb fra { $context }: { $title }
        [signup_promoted] Du har fået en plads: { $title }
        [event_cancelled] Aflyst: { $title }
        [request_question] { $context } har et spørgsmål til din henvendelse: { $title }
        [request_decided] { $context } har afgjort din henvendelse: { $title }
        [survey_invited] { $context } vil gerne høre, hvordan du oplevede det: { $title }
        [proposal_made] { $context } har et forslag til { $title }: { $detail }
        [proposal_answered] { $context } har svaret på forslaget om { $title }: { $detail }
        [content_hidden] En moderator har skjult »{ $title }«: { $detail }
        [content_restored] »{ $title }« kan ses igen
        [thread_started] Ny debat om { $context }: { $title }
        [thread_replied] Nyt svar i debatten «{ $title }»
        [thread_concluded] Debatten «{ $title }» er afsluttet med et resultat
        [idea_decided] Afgørelse om en idé fra { $context } ({ $detail }): { $title }
        [idea_parked_due] En parkeret idé fra { $context } skal tages op igen: { $title }
        [register_request_made] Ny anmodning i registret hos { $context }: { $detail }
        [register_request_due] Husk at svare på en anmodning i registret hos { $context } – fristen er { $title }: { $detail }
        [register_request_answered] { $context } har svaret på din anmodning om dine oplysninger: { $detail }
       *[tip_updated] Nyt om tippet »{ $title }«: { $detail }
    }
# The button on whatever can be followed.
follow_button = { $target ->
        [initiative] Følg initiativet
        [theme] Følg temaet «{ $name }»
        [neighbourhood] Følg bydelen { $name }
        [actor] Følg { $name }
        [thread] Følg debatten
        [idea] Følg idéen
       *[tip] Følg tippet
    }
unfollow_button = { $target ->
        [initiative] Stop med at følge initiativet
        [theme] Stop med at følge temaet «{ $name }»
        [neighbourhood] Stop med at følge bydelen { $name }
        [actor] Stop med at følge { $name }
        [thread] Følg ikke længere debatten
        [idea] Følg ikke længere idéen
       *[tip] Følg ikke længere tippet
    }
unfollow = Stop med at følge
following_title = Det følger du
following_intro = Du får besked i din indbakke, når der sker noget i det, du følger – og på e-mail, hvis du vil.
follows_title = Du følger
follows_none = Du følger ikke noget endnu. Brug knapperne «Følg» på initiativer og aktører.
email_mode = E-mail
inbox_empty = Ingen beskeder endnu.
unread = Ulæst
mark_all_read = Markér alle som læst
unsubscribe_title = Afmeld e-mails
unsubscribe_explain = Vil du ikke længere have e-mails fra Medspil? Beskederne bliver stadig i din indbakke.
unsubscribe_button = Afmeld alle e-mails
unsubscribed = Du får ikke flere e-mails fra Medspil. Du kan slå dem til igen under «Det følger du».
target_kind_initiative = Initiativ
target_kind_theme = Tema
target_kind_neighbourhood = Bydel
target_kind_actor = Aktør
target_kind_tip = Tip
target_kind_thread = Debat
target_kind_idea = Idé
email_mode_immediate = Med det samme
email_mode_daily = Én samlet e-mail om dagen
email_mode_off = Ingen e-mails
notification_kind_initiative_started = Nyt initiativ
notification_kind_need_added = Nyt behov
notification_kind_call_published = Opråb
notification_kind_status_changed = Ny status
notification_kind_pledge_accepted = Taget imod
notification_kind_pledge_declined = Afslået
notification_kind_signup_promoted = Plads
notification_kind_event_cancelled = Aflyst
notification_kind_request_question = Spørgsmål
notification_kind_request_decided = Afgørelse
notification_kind_tip_updated = Nyt om et tip
mail_reason = Du får denne e-mail, fordi du følger noget på Medspil eller har meldt dig til noget.
mail_settings = Indstillinger
mail_unsubscribe = Afmeld e-mails
digest_heading = Nyt på Medspil siden sidst ({ $n } i alt):
digest_count = { $n ->
        [one] { $n } ny besked
       *[other] { $n } nye beskeder
    }
notification_kind_survey_invited = Spørgeskema
notification_kind_proposal_made = Forslag
notification_kind_proposal_answered = Svar på forslag
notification_kind_content_hidden = Indhold skjult
notification_kind_content_restored = Indhold vist igen
notification_kind_idea_decided = Afgørelse om en idé
notification_kind_idea_parked_due = En parkeret idé skal tages op igen
notification_kind_register_request_made = Ny anmodning i et register
notification_kind_register_request_due = Frist for en anmodning i et register
notification_kind_register_request_answered = Svar på en anmodning om dine oplysninger
notification_kind_thread_started = Ny debat
notification_kind_thread_replied = Nyt svar i en debat
notification_kind_thread_concluded = Debat afsluttet
