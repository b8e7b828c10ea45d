register_intro = With an account you can start and join initiatives and act for your association or workplace.
have_account = Already have an account?
no_account = No account yet?
hint_password = At least 10 characters. A sentence is easy to remember and hard to guess.
hint_neighbourhood = Optional. Used to show initiatives near you.
err_email_taken = An account with that e-mail address exists. Log in instead.
err_password_short = The password must be at least { $min } characters.
err_login_failed = E-mail or password is wrong.
