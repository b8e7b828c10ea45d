overview_nav = Overblik
overview_title_of = Overblik: { $scope }
overview_city = Hele kommunen
overview_department_whole = { $name } (hele afdelingen)
overview_choose = Vælg niveau og periode
overview_level = Niveau
overview_period = Fra { $from } til { $to }.
overview_counted = { $n ->
        [one] { $n } initiativ var i gang i perioden
       *[other] { $n } initiativer var i gang i perioden
    }
overview_contents = Indhold
overview_where = Hvor samskaber vi?
overview_where_lead = Initiativerne i gang i perioden efter typologi, fase, tema og bydel. Hvert tal fører til initiativerne bag det.
overview_with_whom = Med hvem?
overview_with_whom_lead = Partnerne i initiativerne efter arena, og de organisationer vi oftest samskaber med. Borgere tælles, de nævnes ikke.
overview_given = Hvad giver vi, og hvad giver andre?
overview_given_lead = Bidrag givet i perioden til initiativerne, efter hvem der gav, og vores puljer holdt op mod deres budgetter.
overview_succeed = Hvor lykkes vi, og hvor kan vi gøre mere?
overview_succeed_lead = Værdimålene og hvad initiativerne har målt, initiativer der har stået i samme fase i mere end { $days } dage, behov ingen har givet tilsagn til, og henvendelser der venter.
overview_taken_over = Koloniseringssignaler
overview_taken_over_lead = Initiativer, som borgere, foreninger, virksomheder eller institutioner startede, og som kommunen nu ejer: hvornår de blev overdraget, og om dem, der startede dem, stadig er koordinatorer.
overview_total = I alt
overview_typology = Typologi: samskabelse eller samproduktion, startet af borgere og andre eller af kommunen
overview_initiatives = Initiativer
overview_by_status = Efter fase
overview_by_theme = Efter tema
overview_by_neighbourhood = Efter bydel
overview_no_neighbourhood = (uden bydel)
overview_partners = Partnere efter arena
overview_arena = Arena
overview_partner_count = Partnere
overview_places = Deltagelser
overview_frequent = De hyppigste partnere
overview_partner = Partner
overview_given_by_arena = Givet efter arena
overview_given_by_units = Givet af vores enheder (til alle initiativer)
overview_unit = Enhed
overview_pools = Puljer og budgetter
overview_pool = Pulje
overview_budget = Budget
overview_granted = Bevilget i alt
overview_remaining = Tilbage
overview_granted_in_period = Bevilget i perioden
overview_goals = Værdimål og målinger
overview_goal = Værdimål
overview_pursued = Initiativer med målet
overview_measured = Måler det
overview_with_figures = Med tal i perioden
overview_targets_reached = Mål nået
overview_reached_of = { $reached } af { $targets }
overview_stuck = I samme fase i mere end { $days } dage
overview_unpledged = { $n ->
        [one] { $n } åbent behov uden tilsagn
       *[other] { $n } åbne behov uden tilsagn
    }
overview_unpledged_oldest = { $n ->
        [one] { $n } åbent behov uden tilsagn
       *[other] { $n } åbne behov uden tilsagn
    }, de { $shown } ældste vises
overview_overdue_ideas = { $n ->
        [one] { $n } idé fra en workshop venter på en afgørelse
       *[other] { $n } idéer fra workshops venter på en afgørelse
    }
overview_overdue_ideas_oldest = { $n ->
        [one] { $n } idé fra en workshop venter på en afgørelse
       *[other] { $n } idéer fra workshops venter på en afgørelse
    }, de { $shown } ældste vises
overview_idea = Idé
overview_workshop = Workshop
overview_workshop_held = Holdt
overview_need = Behov
overview_need_kind = Slags
overview_initiative = Initiativ
overview_since = Oprettet
overview_front_doors = Henvendelser til vores enheder
overview_waiting = Venter nu
overview_oldest_waiting = Den ældste har ventet
overview_decided = Afgjort i perioden
overview_median_decision = Mediantid til afgørelse
overview_taken_over_table = Startet af andre, ejet af kommunen
overview_started_by = Startet af
overview_started_by_citizens = Borgere
overview_owned_by = Ejes nu af
overview_handed_over = Overdraget
overview_reason = Begrundelse
overview_starters_lead = Starterne koordinerer stadig
overview_chart_of = Diagram: { $table }. Tallene står i tabellen nedenfor.
overview_none = Intet at vise.
overview_csv = Hent "{ $table }" som CSV
overview_behind_title = Initiativerne bag tallet
overview_back = Tilbage til overblikket
partner_arena_citizens = Borgere
partner_arena_associations = Foreninger
partner_arena_businesses = Virksomheder
partner_arena_institutions = Institutioner
partner_arena_other_units = Andre dele af kommunen
partner_arena_us = Vores enheder
overview_support = Hvor kan vi støtte det, der allerede sker?
overview_support_lead = Før vi starter noget selv: initiativer, som borgere, foreninger, virksomheder og institutioner har startet inden for vores temaer og bydele, og som vi ikke er med i endnu – dem med samme tema først, derefter dem med flest åbne behov.
overview_supportable = Initiativer vi kunne bakke op om
overview_open_needs = Åbne behov
overview_network = Netværk: hvem er med i hvad
overview_network_who = Med i det
overview_network_caption = Initiativerne til venstre, organisationerne til højre; vores egne enheder har en mørk prik. Hvert navn er et link, og tabellen nedenfor siger det samme.
