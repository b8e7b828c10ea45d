register_intro = Med en konto kan du starte og deltage i initiativer og handle på vegne af din forening eller arbejdsplads.
have_account = Har du allerede en konto?
no_account = Ingen konto endnu?
hint_password = Mindst 10 tegn. En sætning er let at huske og svær at gætte.
hint_neighbourhood = Valgfrit. Bruges til at vise initiativer nær dig.
err_email_taken = Adressen bruges nu af en anden konto. Vælg en anden adresse.
err_email_same = Det er allerede din adresse.
err_password_short = Adgangskoden skal være mindst { $min } tegn.
err_password_wrong = Adgangskoden er forkert.
err_login_failed = E-mail eller adgangskode er forkert.
err_login_wait = For mange forsøg. Prøv igen om { $seconds ->
        [one] { $seconds } sekund
       *[other] { $seconds } sekunder
    }, eller få et link til en ny adgangskode.
check_mail = Tjek din e-mail
registered_check_mail = Vi har sendt en mail til den adresse, du skrev. Følg linket i den for at bekræfte adressen, så er du logget ind. Har adressen allerede en konto, fortæller mailen, hvad du kan gøre. Kan du ikke finde mailen, så kig i spamfilteret.
reset_check_mail = Har adressen en konto, har vi sendt et link til den, hvor du kan vælge en ny adgangskode. Linket virker i en time og kun én gang.
forgot_password = Glemt adgangskode
forgot_password_link = Glemt din adgangskode?
forgot_password_intro = Skriv den e-mailadresse, din konto har, så sender vi et link, hvor du kan vælge en ny adgangskode.
send_link = Send link
new_password = Vælg ny adgangskode
new_password_intro = Skriv din nye adgangskode. Når du gemmer den, bliver du logget ud alle andre steder.
confirm_address = Bekræft adressen
confirm_choose_password = Vælg en adgangskode til kontoen, og bekræft, at adressen er din. Alle andre, der måtte være logget ind på kontoen, bliver logget ud.
confirm_address_intro = Tryk på knappen for at bekræfte, at adressen er din. Derefter kan Medspil sende dig beskeder.
link_gone = Linket virker ikke længere
link_gone_intro = Linket er brugt eller udløbet. Du kan få et nyt.
ask_new_reset = Få et nyt link til en ny adgangskode
account_title = Din konto
account_nav = Konto
account_email = E-mailadresse
address_confirmed = Bekræftet
address_unconfirmed = Ikke bekræftet. Vi sender først beskeder, når du har fulgt linket i mailen.
resend_confirmation = Send bekræftelsen igen
change_email = Skift e-mailadresse
new_email = Ny e-mailadresse
hint_new_email = Vi sender et link til den nye adresse. Adressen skiftes, når du følger det.
your_password = Din nuværende adgangskode
change_password = Skift adgangskode
new_password_field = Ny adgangskode
hint_new_password = Mindst 10 tegn. Du bliver logget ud alle andre steder.
sessions_title = Hvor du er logget ind
sessions_intro = Hver linje er en browser eller et program, der er logget ind på din konto. Kender du ikke en af dem, så log ud alle andre steder og skift adgangskode.
session_started = Logget ind
this_browser = denne browser
browser_on_system = { $browser } på { $system }
unknown_client = Ukendt browser eller program
api_token_from = Programnøgle (API) fra { $client }
end_other_sessions = Log ud alle andre steder
end_all_sessions = Log ud overalt
account_done_confirmed = Din e-mailadresse er bekræftet.
account_done_password = Din adgangskode er skiftet. Du er logget ud alle andre steder.
account_done_email = Vi har sendt et link til den nye adresse. Adressen skiftes, når du følger det.
account_done_confirmation = Vi har sendt en ny bekræftelse til din adresse.
account_done_sessions = Du er logget ud alle andre steder.
account_mail_subject = { $kind ->
        [confirm] Bekræft din e-mailadresse
        [confirm_new_address] Bekræft din nye e-mailadresse
        [address_changing] Din e-mailadresse er ved at blive skiftet
        [already_registered] Du har allerede en konto
        [reset] Vælg en ny adgangskode
        [password_changed] Din adgangskode er skiftet
        [inactive] Din konto bliver slettet om 30 dage
       *[logins_slowed] Nogen prøver at logge ind på din konto
    }
account_mail_body = { $kind ->
        [confirm] Velkommen til Medspil. Følg linket for at bekræfte, at adressen er din. Har du ikke oprettet en konto, kan du se bort fra denne mail.
        [confirm_new_address] Følg linket for at bekræfte, at din konto på Medspil fremover skal bruge denne adresse. Har du ikke bedt om det, kan du se bort fra denne mail.
        [address_changing] Nogen har bedt om at skifte din kontos e-mailadresse. Var det ikke dig, så vælg en ny adgangskode her:
        [already_registered] Nogen har prøvet at oprette en konto eller skifte til denne adresse, men den har allerede en konto på Medspil. Var det dig, kan du logge ind, eller få en ny adgangskode her:
        [reset] Følg linket for at vælge en ny adgangskode. Det virker i en time og kun én gang. Har du ikke bedt om det, kan du se bort fra denne mail; din adgangskode er uændret.
        [password_changed] Adgangskoden til din konto er skiftet, og du er logget ud alle andre steder. Var det ikke dig, så vælg en ny adgangskode her:
        [inactive] Du har ikke brugt din konto på Medspil i lang tid. Som vores privatlivspolitik siger, sletter vi ubrugte konti. Vil du beholde den, så log ind inden for 30 dage:
       *[logins_slowed] Nogen har flere gange prøvet at logge ind på din konto med en forkert adgangskode. Fra andre browsere end dine skal hvert nyt forsøg nu vente lidt; du kan stadig logge ind, som du plejer. Har du glemt adgangskoden, kan du vælge en ny her:
    }
account_mail_signature = Medspil. Du får denne mail, fordi den handler om din konto.
roles_title = Roller
roles_intro = Moderatorer behandler anmeldelser af indhold; administratorer styrer platformen. Hver ændring skrives i revisionsloggen med sin begrundelse.
roles_staff = Moderatorer og administratorer
roles_role = Rolle
roles_change = Giv eller fjern en rolle
err_last_admin = Medspil skal have mindst én administrator. Udnævn en anden, før du fjerner denne.
err_login_too_young = Du skal være fyldt 15 år for at bruge Medspil på egen hånd.
err_login_linked_elsewhere = Det login hører allerede til en anden konto på Medspil. Log ind med det, og fjern det dér, hvis det skal flyttes.
err_login_last = Du kan ikke fjerne din eneste måde at logge ind på. Vælg en adgangskode eller tilføj et andet login først.
err_login_unidentified = Login-tjenesten sagde ikke, hvem du er. Prøv igen, eller kontakt kommunen.
login_failed = Login lykkedes ikke
login_provider_unavailable = Login-tjenesten svarer ikke lige nu. Prøv igen om lidt, eller log ind med din adgangskode.
login_not_genuine = Vi kunne ikke bekræfte svaret fra login-tjenesten, eller det var for gammelt. Start forfra.
login_cancelled = Du afbrød login hos login-tjenesten.
login_try_again = Til login-siden
login_with_heading = Eller log ind med
login_with = Log ind med
welcome_title = Velkommen til Medspil
welcome_intro_named = Du er logget ind som
welcome_intro_unnamed = Du er logget ind hos login-tjenesten.
welcome_have_account = Har du allerede en konto?
welcome_link_intro = Log ind med din e-mail og adgangskode én gang, så kobles dette login til din konto. Derefter kan du bruge begge.
welcome_link_button = Kobl til min konto
welcome_new_account = Ny på Medspil
welcome_hint_email = Vi sender et link, så du kan bekræfte adressen. Beskeder sendes først, når den er bekræftet.
welcome_create_button = Opret konto
err_welcome_email_taken = Adressen har allerede en konto. Log ind med den ovenfor for at koble dette login til den.
account_done_login_linked = Login er koblet til din konto.
account_done_login_unlinked = Login er fjernet fra din konto.
logins_title = Måder at logge ind på
logins_intro = Du kan logge ind med adgangskode og med de login, du har koblet til kontoen, fx MitID. Du kan fjerne et login, så længe der er mindst én måde tilbage.
login_password_set = valgt
login_password_none = ingen
login_choose_password = Vælg en adgangskode
login_linked_since = koblet
login_unlink = Fjern
login_link = Kobl et login til kontoen
login_verified = Verificeret
identity_verified = identitet verificeret med MitID
err_login_age_unknown = Login-tjenesten sagde ikke, hvor gammel du er. Du skal være fyldt 15 år for at bruge Medspil på egen hånd.
err_login_provider_linked = Din konto har allerede et login fra den tjeneste. Fjern det først, hvis du vil koble et andet.
login_service = Login-tjeneste
hint_link_password = Skriv din adgangskode, så vi ved, det er dig, der kobler et nyt login til kontoen.
login_link_button = Kobl login
