register_intro = Med en konto kan du starte og deltage i initiativer og handle på vegne af din forening eller arbejdsplads.
have_account = Har du allerede en konto?
no_account = Ingen konto endnu?
hint_password = Mindst 10 tegn. En sætning er let at huske og svær at gætte.
hint_neighbourhood = Valgfrit. Bruges til at vise initiativer nær dig.
err_email_taken = Der findes allerede en konto med den e-mailadresse. Log ind i stedet.
err_password_short = Adgangskoden skal være mindst { $min } tegn.
err_login_failed = E-mail eller adgangskode er forkert.
