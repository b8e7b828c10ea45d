register_intro = With an account you can start and join initiatives and act for your association or workplace.
have_account = Already have an account?
no_account = No account yet?
hint_password = At least 10 characters. A sentence is easy to remember and hard to guess.
hint_neighbourhood = Optional. Used to show initiatives near you.
err_email_taken = Another account uses that address now. Choose another address.
err_email_same = That is your address already.
err_password_short = The password must be at least { $min } characters.
err_password_wrong = The password is wrong.
err_login_failed = E-mail or password is wrong.
err_login_wait = Too many attempts. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }, or get a link to a new password.
check_mail = Check your e-mail
registered_check_mail = We have sent a mail to the address you gave. Follow the link in it to confirm the address, and you are logged in. If the address has an account already, the mail tells you what you can do. If you cannot find the mail, look in your spam folder.
reset_check_mail = If the address has an account, we have sent it a link where you can choose a new password. The link works for an hour, and only once.
forgot_password = Forgotten password
forgot_password_link = Forgotten your password?
forgot_password_intro = Give the e-mail address of your account, and we will send a link where you can choose a new password.
send_link = Send link
new_password = Choose a new password
new_password_intro = Type your new password. When you save it, you are logged out everywhere else.
confirm_address = Confirm the address
confirm_choose_password = Choose a password for the account, and confirm that the address is yours. Anyone else who may be logged in to the account is logged out.
confirm_address_intro = Press the button to confirm that the address is yours. Medspil can then send you messages.
link_gone = The link no longer works
link_gone_intro = The link has been used or has expired. You can get a new one.
ask_new_reset = Get a new link to a new password
account_title = Your account
account_nav = Account
account_email = E-mail address
address_confirmed = Confirmed
address_unconfirmed = Not confirmed. We send messages only once you have followed the link in the mail.
resend_confirmation = Send the confirmation again
change_email = Change e-mail address
new_email = New e-mail address
hint_new_email = We send a link to the new address. The address changes when you follow it.
your_password = Your current password
change_password = Change password
new_password_field = New password
hint_new_password = At least 10 characters. You are logged out everywhere else.
sessions_title = Where you are logged in
sessions_intro = Each line is a browser or program logged in to your account. If you do not recognise one, log out everywhere else and change your password.
session_started = Logged in
this_browser = this browser
browser_on_system = { $browser } on { $system }
unknown_client = Unknown browser or program
api_token_from = Program key (API) from { $client }
end_other_sessions = Log out everywhere else
end_all_sessions = Log out everywhere
account_done_confirmed = Your e-mail address is confirmed.
account_done_password = Your password is changed. You are logged out everywhere else.
account_done_email = We have sent a link to the new address. The address changes when you follow it.
account_done_confirmation = We have sent a new confirmation to your address.
account_done_sessions = You are logged out everywhere else.
account_mail_subject = { $kind ->
        [confirm] Confirm your e-mail address
        [confirm_new_address] Confirm your new e-mail address
        [address_changing] Your e-mail address is being changed
        [already_registered] You already have an account
        [reset] Choose a new password
        [password_changed] Your password has been changed
        [inactive] Your account will be deleted in 30 days
       *[logins_slowed] Someone is trying to log in to your account
    }
account_mail_body = { $kind ->
        [confirm] Welcome to Medspil. Follow the link to confirm that the address is yours. If you did not create an account, you can ignore this mail.
        [confirm_new_address] Follow the link to confirm that your Medspil account is to use this address from now on. If you did not ask for this, you can ignore this mail.
        [address_changing] Someone has asked to change your account's e-mail address. If it was not you, choose a new password here:
        [already_registered] Someone tried to create an account with, or change to, this address, but it has an account on Medspil already. If it was you, you can log in, or get a new password here:
        [reset] Follow the link to choose a new password. It works for an hour, and only once. If you did not ask for this, you can ignore this mail; your password is unchanged.
        [password_changed] The password of your account has been changed, and you are logged out everywhere else. If it was not you, choose a new password here:
        [inactive] You have not used your Medspil account for a long time. As our privacy policy says, we delete unused accounts. If you want to keep it, log in within 30 days:
       *[logins_slowed] Someone has tried several times to log in to your account with a wrong password. From browsers other than yours, each new attempt must now wait a little; you can still log in as you usually do. If you have forgotten your password, choose a new one here:
    }
account_mail_signature = Medspil. You get this mail because it is about your account.
roles_title = Roles
roles_intro = Moderators handle reports of content; administrators run the platform. Each change is written into the audit log with its reason.
roles_staff = Moderators and administrators
roles_role = Role
roles_change = Give or take a role
err_last_admin = Medspil must have at least one administrator. Appoint another before you remove this one.
err_login_too_young = You must be 15 or older to use Medspil on your own.
err_login_linked_elsewhere = That login already belongs to another account on Medspil. Log in with it and remove it there if it should move.
err_login_last = You cannot remove your only way to log in. Choose a password or add another login first.
err_login_unidentified = The login service did not say who you are. Try again, or contact the municipality.
login_failed = Login did not succeed
login_provider_unavailable = The login service is not answering right now. Try again shortly, or log in with your password.
login_not_genuine = We could not confirm the answer from the login service, or it was too old. Start again.
login_cancelled = You stopped the login at the login service.
login_try_again = To the login page
login_with_heading = Or log in with
login_with = Log in with
welcome_title = Welcome to Medspil
welcome_intro_named = You are logged in as
welcome_intro_unnamed = You are logged in at the login service.
welcome_have_account = Already have an account?
welcome_link_intro = Log in with your e-mail and password once, and this login is linked to your account. After that you can use either.
welcome_link_button = Link to my account
welcome_new_account = New to Medspil
welcome_hint_email = We send a link so you can confirm the address. Messages are sent only once it is confirmed.
welcome_create_button = Create account
err_welcome_email_taken = This address already has an account. Log in with it above to link this login to it.
account_done_login_linked = The login is linked to your account.
account_done_login_unlinked = The login is removed from your account.
logins_title = Ways to log in
logins_intro = You can log in with a password and with the logins you have linked to the account, such as MitID. You can remove a login as long as at least one way remains.
login_password_set = set
login_password_none = none
login_choose_password = Choose a password
login_linked_since = linked
login_unlink = Remove
login_link = Link a login to the account
login_verified = Verified
identity_verified = identity verified with MitID
err_login_age_unknown = The login service did not say how old you are. You must be 15 or older to use Medspil on your own.
err_login_provider_linked = Your account already has a login from that service. Remove it first if you want to link another.
login_service = Login service
hint_link_password = Type your password so that we know it is you who links a new login to the account.
login_link_button = Link login
