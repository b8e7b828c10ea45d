err_not_initiative_party = Du kan kun knytte aftalen til initiativer, du leder eller deltager i for en af parterne.
agreements_intro = Samskabelsesaftaler og partnerskaber: hvem bidrager med hvad, hvem ejer hvad, hvor forpligtende det er – og hvem der har sagt ja til hvilken udgave.
new_agreement_intro = Vælg en skabelon og parterne. Derefter skriver I aftalen sammen; den gælder, når alle parter har sagt ja.
hint_agreement_title = Fx «Samskabelsesaftale om besøgsvenner».
agreement_template = Skabelon
hint_agreement_template = Samskabelse er uforpligtende; et bindende partnerskab har etiske, juridiske og økonomiske vilkår.
agreement_your_party = Du er part for
agreement_other_parties = De andre parter
hint_agreement_parties = Kommunens enheder og initiativets deltagere. Mindst én.
create_agreement = Opret udkastet
edit_agreement = Foreslå en ny tekst
agreement_version = Udgave
agreement_draft = Udkast: endnu ikke godkendt af alle parter.
agreement_in_force = Gældende: udgave { $n } er godkendt af alle parter.
agreement_amendment_pending = Udgave { $n } gælder. Ændringen i udgave { $m } venter på, at alle parter godkender den.
agreement_propose = Foreslå ændringer
agreement_print = Udskriftsvenlig udgave
agreement_parties = Parter
agreement_accepted_by = godkendt af { $person }, { $when }
agreement_not_accepted = ikke godkendt endnu
agreement_accept_for = Godkend udgave { $n } på vegne af { $party }
agreement_comments = Kommentarer
agreement_comment = Kommentér et afsnit
agreement_comment_text = Kommentar
agreement_section = Afsnit
agreement_versions = Alle udgaver
agreement_version_title = { $title }, udgave { $n }
agreement_proposed = skrevet af { $person }, { $when }
agreement_change_note = Hvad er ændret
hint_change_note = Fx «Målene er ændret i foråret».
agreement_becomes_new_version = Ændringerne bliver en ny udgave, som alle parter skal godkende. De tidligere udgaver kan stadig læses.
section_purpose = Formål
section_contributions = Parternes bidrag og ansvar
hint_contributions = For hver part: hvad bidrager den med, og hvad er den ansvarlig for?
section_ownership = Ejerskab af resultater og initiativ
hint_ownership = Hvem ejer initiativet og det, der skabes? Ejerskabet flyttes kun, hvis ejeren siger ja.
section_commitment = Forpligtelse
section_binding_terms = Vilkår for et bindende partnerskab
hint_binding_terms = Etik, jura og økonomi. Skal udfyldes ved et bindende partnerskab.
section_data_roles = Persondata: dataansvarlig og databehandler
hint_data_roles = Hvilke persondata behandles, hvem er dataansvarlig, og hvem er databehandler?
section_duration = Varighed og udtræden
section_evaluation = Evaluering af værdien
template_purpose = Hvad vil vi opnå sammen, og for hvem?
template_contributions =
    {"["}Part 1] bidrager med … og er ansvarlig for …
    {"["}Part 2] bidrager med … og er ansvarlig for …
template_contributions_coproduction =
    Kommunen leverer … Foreningen/borgerne leverer … Sammen leverer vi …
    Hver parts ansvar: …
template_ownership = Initiativet ejes af … Resultaterne (viden, materialer, rettigheder) ejes af …
template_binding_terms =
    Etik: …
    Jura (ansvar, forsikring, tavshedspligt): …
    Økonomi (beløb, betaling, regnskab): …
template_data_roles = Persondata, der behandles: … Dataansvarlig: … Databehandler: … (databehandleraftale vedlagt).
template_duration = Aftalen gælder fra … til … En part kan træde ud med … varsel.
template_evaluation = Vi ser på værdien … gange om året: for borgerne, for fællesskabet, for kommunen. Vi måler …
err_parties = En aftale har mindst to og højst 20 parter; de andre parter er organisationer.
err_agreement_newer = Der er kommet en nyere udgave, siden du åbnede siden. Læs den, før du godkender.
template_co_creation = Samskabelse
template_co_production = Samproduktion
template_partnership = Bindende partnerskab
commitment_non_binding = Uforpligtende samskabelse
commitment_binding = Bindende partnerskab med etiske, juridiske og økonomiske vilkår
template_data_processing = Databehandleraftale
dpa_purpose = { $processor } behandler personoplysninger for { $controller } til disse formål: { $purposes }. Behandlingen er at opbevare oplysningerne på Medspil, vise dem for dem, { $controller } giver adgang, sende e-mail for { $controller } og slette oplysningerne efter { $controller }s frister.
dpa_contributions = { $controller } er dataansvarlig og bestemmer formål, felter, frister og hvem der får adgang. { $processor } er databehandler: driver Medspil og behandler kun oplysningerne efter { $controller }s dokumenterede instruks, som er registrets indstillinger. Ingen hos { $processor } – heller ikke administratorer – kan se registret uden en navngiven, tidsbegrænset adgang fra { $controller }.
dpa_ownership = Oplysningerne tilhører { $controller }. { $processor } bruger dem ikke til egne formål og videregiver dem ikke.
dpa_security = Sikkerhed: kun { $controller }s bestyrelse og navngivne personer med et formål og en slutdato har adgang; hvert kig og hvert afvist forsøg logges og kan ses af bestyrelsen og af den, oplysningerne handler om; adgangskoder gemmes med argon2id; forbindelsen er krypteret; sessioner kan afbrydes; sikkerhedskopier er krypterede. Brud på sikkerheden meldes til { $controller } uden unødig forsinkelse og senest 24 timer efter, at det er opdaget.
dpa_data_roles = Dataansvarlig: { $controller }. Databehandler: { $processor }. Underdatabehandlere: ingen ud over { $processor }s egen drift; en ny underdatabehandler kræver { $controller }s skriftlige godkendelse på forhånd. Opbevaring: på { $processor }s servere i Danmark; oplysningerne overføres ikke til lande uden for EU.
dpa_duration = Aftalen gælder, så længe { $controller } har sit register på Medspil. Slettes registret, sletter { $processor } oplysningerne; sikkerhedskopier slettes med deres faste rotation.
dpa_evaluation = { $processor } stiller det til rådighed, der viser, at aftalen overholdes, og giver adgang til tilsyn én gang om året eller efter aftale.
