nav_workshops = Workshops
workshops_title = Workshops
workshops_intro = Workshops, hvor idéerne bliver fulgt op: hver idé står med sin forfatter, og med hvad der blev af den og hvorfor.
workshops_none = Der er ingen workshops endnu.
workshop_search_label = Søg i workshoppernes idéer
workshop_search = Find en idé fra en workshop
workshop_found_n = { $n ->
        [one] { $n } idé fundet
       *[other] { $n } idéer fundet
    }
workshop_found_none = Ingen idéer matcher. Prøv et andet ord.
workshops_all = Alle workshops
workshop_new = Planlæg en workshop
workshop_new_intro = Sig, hvad workshoppen skal, og hvilke spørgsmål deltagerne svarer på. Deltagerne kommer med på deres telefon med en kort kode.
workshop_create = Planlæg workshoppen
workshop_host = Vært
hint_workshop_host = Dig selv eller en organisation, du handler for.
workshop_co_hosts = Sammen med
hint_workshop_co_hosts = De kommunale enheder, der rammesætter og faciliterer workshoppen med jer. De kan også taste idéer ind og beslutte, hvad der bliver af dem.
workshop_purpose = Formål
hint_workshop_purpose = Hvad skal workshoppen føre til?
workshop_questions = Spørgsmål
hint_workshop_questions = Ét spørgsmål pr. linje, højst otte. Idéerne samles under spørgsmålene.
workshop_agenda = Dagsorden
workshop_dots = Prikker pr. deltager
hint_workshop_dots = Hvor mange prikker hver deltager kan sætte ved de idéer, de synes er vigtigst.
workshop_fate_within = Dage til hver idé har fået sin skæbne
hint_workshop_fate_within = En idé, der ikke er besluttet noget om så længe efter workshoppen, bliver vist for værterne.
workshop_hosted_by = Værter: { $hosts }
workshop_ideas = Idéer
workshop_ideas_n = { $n ->
        [one] { $n } idé
       *[other] { $n } idéer
    }
workshop_ideas_decided = { $n ->
        [one] { $n } idé
       *[other] { $n } idéer
    }, { $decided } med en afgørelse
workshop_no_ideas = Ingen idéer endnu.
workshop_csv = Hent alle idéer som CSV
workshop_session = Sessionen
workshop_code_is = Deltagerne går til /w på deres telefon og skriver koden { $code }.
workshop_overdue_n = { $n ->
        [one] { $n } idé venter på en afgørelse ud over fristen.
       *[other] { $n } idéer venter på en afgørelse ud over fristen.
    }
workshop_open = Åbn for idéer
workshop_close = Luk for idéer
workshop_state_planned = Planlagt
workshop_state_open = Åben for idéer
workshop_state_closed = Lukket for idéer
workshop_enter = Deltag i en workshop
workshop_enter_intro = Skriv koden, som står i lokalet.
workshop_enter_go = Fortsæt
workshop_code = Kode
hint_workshop_code = Seks tegn, fx K7M4PQ.
workshop_session_of = Workshop: { $title }
workshop_session_not_open = Workshoppen tager ikke imod idéer lige nu ({ $state }).
workshop_see_report = Se workshoppens idéer og hvad der blev af dem
workshop_join_intro = Skriv det navn, der skal stå ved dine idéer, eller lad feltet stå tomt for at være anonym. Du behøver ingen konto.
workshop_join_name = Dit navn
hint_workshop_join_name = Vises ved dine idéer. Tomt: anonym.
hint_workshop_join_email = Hvis du vil have besked, når der er besluttet noget om dine idéer. Bruges kun til det.
workshop_join = Deltag
workshop_joined_as = Du deltager som { $name }.
idea_question = Spørgsmål
idea_text = Din idé
hint_idea_text = Kort og konkret, som på en post-it.
idea_post_anonymously = Vis idéen uden mit navn
idea_add = Tilføj idéen
idea_added = Tak, din idé er med.
idea_yours = Dine idéer
idea_anonymous = Anonym
idea_origin = Kom fra
idea_origin_phone = Telefon
idea_origin_paper = Post-it på papir
idea_origin_facilitator = Facilitatoren
idea_author = Forfatter
hint_idea_author = Navnet som skrevet på sedlen. Tomt: anonym.
idea_from_paper = Tast en idé ind fra papir
idea_from_paper_intro = Idéer fra post-its tæller som alle andre og følges op på samme måde.
idea_see = Idé { $id }
idea_title = Idé { $id }
idea_added_on = Tilføjet
idea_fate = Hvad blev der af idéen
idea_fate_adopted = Taget op
idea_fate_parked = Parkeret
idea_fate_declined = Ikke taget op
idea_adopted_initiative = Blev et initiativ
idea_adopted_plan = Blev en del af planen
idea_adopted_need = Blev et behov i et initiativ
idea_adopted_request = Blev en henvendelse til kommunen
idea_no_fate = Endnu ikke besluttet
idea_split = Del idéen
idea_split_intro = Når en idé rummer flere forslag, deles den i dele, der hver får sin egen afgørelse. Idéen, dens forfatter og prikker bliver stående, og hver del viser, hvor den kom fra.
idea_split_parts = Delene, én pr. linje
hint_idea_split_parts = Hver del bærer idéens prikker og forfatter med sig.
idea_split_save = Del idéen
idea_split_into = Delt i
idea_split_from = Delt ud af { $idea }
idea_start_initiative = Start et initiativ ud fra idéen
idea_overdue = Over fristen
idea_parked_until = til { $day }
idea_responsible = ansvarlig: { $name }
idea_decide = Beslut, hvad der bliver af idéen
idea_decide_intro = Forfatteren og alle, der fulgte idéen, kan se afgørelsen med begrundelsen. En parkeret idé tages op igen på dagen.
idea_adopted_as = Blev til
hint_idea_adopted_as = Kun for en idé, der tages op.
idea_adopted_id = Nummer
hint_idea_adopted_id = Nummeret i adressen på initiativet, behovet eller henvendelsen, fx 12 for /initiatives/12.
idea_parked_until_field = Parkeret til
hint_idea_parked_until = Kun for en parkeret idé: dagen, den tages op igen.
idea_reason = Begrundelse
hint_idea_reason = Hvorfor, så forfatteren kan forstå det.
idea_responsible_field = Ansvarlig
hint_idea_responsible = Navnet på den, der står for afgørelsen.
idea_decide_save = Gem afgørelsen
csv_idea_id = Nummer
csv_idea_question = Spørgsmål
csv_idea_text = Idé
csv_idea_author = Forfatter
csv_idea_origin = Kom fra
csv_idea_added = Tilføjet
csv_idea_fate = Afgørelse
csv_idea_became = Blev til
csv_idea_parked_until = Parkeret til
csv_idea_reason = Begrundelse
csv_idea_responsible = Ansvarlig
err_workshop_questions = Skriv mindst ét spørgsmål.
err_workshop_questions_max = Højst { $max } spørgsmål.
err_workshop_dots = Skriv et helt tal fra 0 til { $max }.
err_workshop_fate_days = Skriv et antal dage fra 1 til 365.
err_idea_parked_past = Vælg en dag efter i dag.
err_idea_adopted_where = Skriv nummeret på det initiativ, behov eller den henvendelse, idéen blev til.
err_workshop_not_open = Workshoppen tager ikke imod idéer lige nu.
err_workshop_code_unknown = Ingen workshop har den kode. Se efter koden i lokalet igen.
err_idea_flood = Du har tilføjet mange idéer på kort tid. Vent lidt, og prøv igen.
err_idea_question_unknown = Vælg et af workshoppens spørgsmål.
err_workshop_state_changed = En anden har lige åbnet eller lukket sessionen. Se siden igen.
err_idea_fate_changed = En anden har lige besluttet noget om idéen. Se afgørelsen, før du ændrer den.
err_idea_fate_final = Idéen er allerede taget op eller afvist, og den afgørelse står.
workshop_forget_title = Ingen flere e-mails om dine idéer
workshop_forget_intro = Vi sletter den e-mailadresse, du gav ved workshoppen. Dine idéer bliver stående.
workshop_forget_button = Slet min e-mailadresse
workshop_forgotten = Din e-mailadresse er slettet fra workshoppen.
idea_origin_merged = Samlet af flere idéer
idea_origin_split = Delt ud af en idé
idea_merged_from = Samlet af
idea_merged_into = Samlet i { $idea }
idea_dots = { $n ->
        [one] { $n } prik
       *[other] { $n } prikker
    }
idea_theme = Tema
idea_no_theme = Uden tema
idea_theme_save = Gem temaet
workshop_themes = Temaer
workshop_drag_hint = Træk en idé hen på et tema for at lægge den under det, eller hen på en anden idé for at samle dem.
workshop_drag_merging = De to idéer er sat kryds ved under Saml idéer. Skriv den samlede idé, og gem.
workshop_drag_cannot_merge = Den idé kan ikke samles: den er allerede taget op eller afvist.
workshop_drag_failed = Temaet blev ikke gemt. Prøv igen, eller brug formularen på idéens side.
workshop_theme_add = Tilføj et tema
workshop_theme_name = Nyt tema
hint_workshop_theme_name = Fx "Skoleveje" eller "Grønne gader". Idéerne får deres tema på idéens side.
workshop_merge = Saml idéer
workshop_merge_intro = Vælg de idéer, der siger det samme, og skriv den samlede idé. De oprindelige idéer og deres forfattere bliver stående under den, og de får besked om dens skæbne.
workshop_merge_ideas = Idéerne, der samles
workshop_merged_text = Den samlede idé
workshop_merge_save = Saml idéerne
dots_left = { $n ->
        [one] Du har { $n } prik tilbage.
       *[other] Du har { $n } prikker tilbage.
    }
dots_give = Giv en prik
dots_intro = Sæt dine prikker ved de idéer, du synes er vigtigst.
dots_given = Du har givet en prik
err_merge_two = Vælg mindst to forskellige idéer.
err_idea_merge_refused = Kun idéer fra denne workshop, som ikke er samlet i forvejen og ikke er taget op eller afvist, kan samles.
err_no_dots_left = Du har brugt alle dine prikker.
err_already_dotted = Du har allerede givet den idé en prik.
err_workshop_theme = Skriv et navn på højst 100 tegn.
csv_idea_dots = Prikker
csv_idea_merged_into = Samlet i
csv_idea_split_from = Delt ud af
err_idea_merged = Idéen er samlet med andre i en ny idé; den nye idés afgørelse gælder også for den.
err_idea_split = Idéen er delt i flere; hver del får sin egen afgørelse.
err_idea_split_refused = Kun en idé, som ikke er delt eller samlet i forvejen og ikke er taget op eller afvist, kan deles.
err_split_parts = Skriv hver del på sin egen linje: mindst 2 og højst { $max } dele.
