privacy_title = Privatlivspolitik
privacy_intro = Her kan du læse, hvilke personoplysninger Medspil gemmer om dig, hvorfor, hvor længe, og hvad du selv kan gøre ved dem.
privacy_what_title = Hvad vi gemmer
privacy_what_account = Din konto: navn, e-mailadresse, en hash af din adgangskode (aldrig selve adgangskoden), din rolle og om adressen er bekræftet.
privacy_what_activity = Det, du gør på Medspil: initiativer, du starter eller deltager i, tilbud, tilsagn, bidrag, tilmeldinger, bookinger, aftaler og kommentarer, og hvad du følger.
privacy_what_orders = Adressen på en bestilling, fx en blomsterkasse, så den kan leveres, og så der kun gives én pr. opgang.
privacy_what_requests = Henvendelser til kommunen med deres beskeder og dokumenter.
privacy_what_tips = Tip om det offentlige rum; har du givet navn og e-mail, ser kun kommunen dem.
privacy_what_technical = Dine sessioner (hvilken browser, hvornår), mislykkede login-forsøg i op til et døgn, og en cookie, der husker de browsere, du har logget ind fra.
privacy_what_logins = De login, du kobler til din konto (MitID, dit arbejdslogin): kun login-tjenestens kode for dig, dit verificerede navn, om du er fyldt 15, og hvor sikkert login var. Aldrig dit CPR-nummer eller din fødselsdato. Fra dit arbejdslogin også din arbejdsadresse og de grupper, der giver dig en rolle.
privacy_why_title = Hvorfor, og med hvilken hjemmel
privacy_why = Oplysningerne bruges til at drive Medspil for dig og de initiativer, du er med i: samarbejde om velfærd er en opgave i offentlighedens interesse (databeskyttelsesforordningens artikel 6, stk. 1, litra e). Beskeder på e-mail sender vi, fordi du har valgt dem, og kun til en bekræftet adresse. Henvendelser til kommunen behandles efter forvaltningsloven og gemmes efter arkivloven.
privacy_how_long_title = Hvor længe
privacy_how_long = { $days ->
        [0] Så længe du har en konto.
       *[other] Så længe du bruger din konto. Har du ikke logget ind i { $days } dage, sletter vi den; vi skriver til dig 30 dage før.
    } Sletter du den selv, fjernes alt, der identificerer dig, med det samme. Navn og e-mail på et tip uden konto slettes { $tip_days } dage efter, at tippet er lukket, og den e-mail, du gav en workshop uden konto, { $workshop_days } dage efter workshoppen. Afgjorte sager gemmer kommunen, som loven kræver.
privacy_rights_title = Dine rettigheder
privacy_rights = Du kan til hver en tid hente alt, vi har om dig, og slette din konto. Du kan også bede om at få rettet forkerte oplysninger, gøre indsigelse eller klage til Datatilsynet.
privacy_controller_title = Dataansvarlig
privacy_contact = Skriv til databeskyttelsesrådgiveren på
privacy_complaint = Du kan klage til Datatilsynet, datatilsynet.dk.
privacy_footer = Privatliv
your_data = Dine data
your_data_intro = Hent alt, Medspil har om dig, eller slet din konto. Begge dele kræver din adgangskode, så ingen andre kan gøre det fra en browser, du har glemt at logge ud af.
export_title = Hent dine data
export_intro = Du får en zip-fil med en JSON-fil og en CSV-fil for hver slags oplysninger, som regneark kan åbne.
export_button = Hent mine data
delete_title = Slet din konto
delete_intro = Når du sletter din konto:
delete_removed = fjernes dit navn, din e-mailadresse, dine sessioner, beskeder, det du følger, adresser på bestillinger og dokumenter i sager, der ikke er afgjort;
delete_kept = bliver det, andre bygger på, stående uden dit navn: initiativer, du har startet, står som startet af en tidligere deltager, og dine tilsagn og bidrag tæller stadig med;
delete_cases = gemmer kommunen afgjorte sager, som loven kræver, med en note om hvorfor.
delete_hint = Sletningen kan ikke fortrydes.
delete_button = Slet min konto
account_deleted = Din konto er slettet
account_deleted_intro = Alt, der identificerede dig, er fjernet. Tak, fordi du var med.
err_login_again = Log ind igen: at hente eller slette dine data kræver et login inden for det sidste kvarter eller din adgangskode.
