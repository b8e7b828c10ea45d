date_from = fra
date_until = indtil
err_radius = Afstanden skal være mellem 0,1 og 50 km.
err_radius_needs_place = Angiv et sted (bredde- og længdegrad), som afstanden regnes fra – eller lad feltet stå tomt.
err_radius_needed = Angiv hvor langt fra stedet, du kan være med – eller fjern stedet, hvis det gælder hele byen.
why_same_kind = Samme slags: { $kind }
why_related_kind = { $offered } kan dække et behov for { $needed }
why_skills = Fælles færdigheder: { $skills }
why_offer_anywhere = Tilbuddet gælder hele byen
why_need_anywhere = Behovet er ikke bundet til et sted
why_time = Tider der passer: { $time }
why_no_time = Ingen fælles tider angivet – aftal det nærmere
why_conditions = Betingelse: { $conditions }
offers_intro = Det, borgere, foreninger, virksomheder og kommunen tilbyder: tid, færdigheder, viden, materialer, steder og penge.
help_title = Hvor kan jeg hjælpe?
help_intro = Initiativer i byen, der mangler noget, du måske kan give. Alle kan bidrage – også den, der selv får hjælp.
help_for_you = Passer til dine tilbud
help_based_on = Forslag ud fra
help_no_offers = Fortæl, hvad du kan give, så viser vi, hvor det passer – tæt på dig og på de tider, du kan.
login_to_offer = Log ind for at tilbyde noget
login_to_pledge = Log ind for at melde dig
open_needs = Åbne behov
my_pledges = Det har du meldt dig til
edit_offer = Redigér tilbuddet
create_offer = Gem tilbuddet
edit_need = Redigér behovet
create_need = Gem behovet
offer_form_intro = Brug mig – count me in. Fortæl, hvad du kan give, hvornår og hvor, og hvad der skal være på plads. Du bestemmer selv, hvad du siger ja til.
need_form_intro = Hvad mangler initiativet? Jo mere præcist, jo bedre kan de rette finde jer.
offered_by = Tilbydes af
hint_offered_by = Dig selv eller en organisation, du handler for.
hint_resource_kind = Hænder og tid, færdigheder, viden, materialer, steder, penge, tilladelser eller en indgang til en organisation.
hint_offer_title = Fx «Besøgsven to eftermiddage om ugen».
hint_need_title = Fx «Hænder til at bygge blomsterkasser».
field_skills = Færdigheder
hint_skills = Adskil med komma, fx «samtale, madlavning, kørekort».
field_quantity = Hvor meget
hint_quantity = Valgfrit. Et helt tal: timer for tid, færdigheder, viden og steder; stk. for materialer; kr. for penge; gange for tilladelser og indgange.
hint_when = Vælg intet, hvis det kan være når som helst.
any_time = Når som helst
field_weekdays = Ugedage
field_day_parts = Tid på dagen
field_from_date = Fra dato
field_to_date = Til dato
hint_offer_place = Hvor du kan være med: en bydel, og eventuelt et punkt og hvor langt derfra. Tomt betyder hele byen.
field_radius_km = Hvor langt (km)
hint_radius_km = Fra punktet ovenfor, fx 3.
reach_within = inden for { $distance }
field_conditions = Det skal være på plads
hint_conditions = Fx «Jeg bruger el-kørestol: nogen skal køre mig ud og hente mig igen».
need_of = Et behov hos
pledges_title = Hvem er med
no_pledges = Ingen har meldt sig endnu.
count_me_in = Jeg er med
pledge_as = Meld som
pledge_offer = Ud fra tilbuddet
hint_pledge_offer = Valgfrit: hvilket af dine tilbud, det gælder.
no_offer_chosen = Intet bestemt tilbud
pledge_amount = Hvor meget kan du give?
pledge_message = Besked til initiativet
hint_pledge_message = Fx hvornår du kan, eller hvad der skal være på plads.
offers_that_fit = Tilbud, der passer
needs_that_fit = Her kan tilbuddet gøre en forskel
no_suggestions = Ingen forslag lige nu. Prøv at udvide tid eller sted.
why_it_fits = Derfor passer det:
accept = Tag imod
decline = Afslå
decline_reason = Begrundelse (vises for den, der meldte sig)
record_contribution = Registrér det givne
contribution_amount = Hvor meget
given_on = Givet den
record = Registrér
withdraw_pledge = Træk tilbage
mark_met = Markér som dækket
withdraw_need = Træk behovet tilbage
reopen_need = Genåbn behovet
err_offer_not_theirs = Vælg et aktivt tilbud fra den, du melder dig som.
err_need_closed = Behovet er ikke længere åbent.
err_already_pledged = Du er allerede meldt til dette behov.
err_pledge_decided = Tilbuddet er allerede besvaret eller trukket tilbage.
err_given_on = Skriv en dato, der ikke ligger ude i fremtiden.
err_pledge_not_accepted = Kun et modtaget tilbud kan registreres som givet.
calls_intro = Initiativer, der lige nu kalder på hjælp. Se hvad de mangler, og meld dig.
calls_none = Ingen opråb lige nu.
calls_feed = Følg opråbene som feed (Atom)
call_intro = Et opråb samler initiativets åbne behov på én side, du kan dele. Behovene opdateres af sig selv.
call_message = Besked
hint_call_message = Hvorfor er det vigtigt, og hvad sker der, når man melder sig?
publish_call = Offentliggør opråbet
call_needs = Det mangler vi
call_no_needs = Alle behov er dækket lige nu – tak!
call_share = Del opråbet
call_closed = Opråbet er afsluttet.
close_call = Afslut opråbet
call_from = Et opråb fra
published = Offentliggjort
resource_kind_hands = Hænder og tid
resource_kind_skills = Færdigheder
resource_kind_knowledge = Viden
resource_kind_materials = Materialer
resource_kind_space = Lokaler og steder
resource_kind_money = Penge
resource_kind_practical_help = Tilladelser og praktisk hjælp
resource_kind_bridge = En indgang til organisationen
unit_hours = timer
unit_items = stk.
unit_kroner = kr.
unit_times = gange
need_status_open = Åben
need_status_partly_met = Delvist dækket
need_status_met = Dækket
need_status_withdrawn = Trukket tilbage
offer_status_active = Aktivt
offer_status_paused = På pause
offer_status_withdrawn = Trukket tilbage
pledge_status_pledged = Tilbudt
pledge_status_accepted = Taget imod
pledge_status_declined = Afslået
pledge_status_withdrawn = Trukket tilbage
pledge_status_fulfilled = Givet
weekday_monday = mandag
weekday_tuesday = tirsdag
weekday_wednesday = onsdag
weekday_thursday = torsdag
weekday_friday = fredag
weekday_saturday = lørdag
weekday_sunday = søndag
day_part_morning = formiddag
day_part_afternoon = eftermiddag
day_part_evening = aften
# An amount counted in a unit.
quantity = { $unit ->
        [hours] { $n ->
            [one] { $n } time
           *[other] { $n } timer
        }
        [items] { $n } stk.
        [kroner] { $n } kr.
       *[times] { $n ->
            [one] { $n } gang
           *[other] { $n } gange
        }
    }
err_given_before_pledge = Bidraget kan ikke være givet, før tilsagnet blev givet.
err_beyond_pledge = Det er mere, end tilsagnet lød på. Tjek mængden, eller sæt kryds ved, at der blev givet mere end lovet.
beyond_pledge_confirm = Der blev givet mere end lovet
given_beyond_pledge = mere end lovet
givers_permits = { $n ->
        [one] en tilladelse
       *[other] { $n } tilladelser
    }
givers_citizens = { $n ->
        [one] { $n } borger
       *[other] { $n } borgere
    }
givers_title = Hvem gav hvad
