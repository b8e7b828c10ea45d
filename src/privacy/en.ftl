privacy_title = Privacy policy
privacy_intro = Here you can read which personal data Medspil keeps about you, why, for how long, and what you can do about it yourself.
privacy_what_title = What we keep
privacy_what_account = Your account: name, e-mail address, a hash of your password (never the password itself), your role and whether the address is confirmed.
privacy_what_activity = What you do on Medspil: initiatives you start or join, offers, pledges, contributions, sign-ups, bookings, agreements and comments, and what you follow.
privacy_what_orders = The address of an order, such as a flower box, so it can be delivered, and so only one is given per stairwell.
privacy_what_requests = Requests to the municipality with their messages and documents.
privacy_what_tips = Tips about public space; if you gave a name and e-mail, only the municipality sees them.
privacy_what_technical = Your sessions (which browser, when), failed login attempts for up to a day, and a cookie that remembers the browsers you have logged in from.
privacy_what_logins = The logins you link to your account (MitID, your work login): only the login service's code for you, your verified name, whether you are 15 or older, and how secure the login was. Never your CPR number or your date of birth. From your work login also your work address and the groups that give you a role.
privacy_why_title = Why, and on what legal basis
privacy_why = The data is used to run Medspil for you and the initiatives you take part in: co-creating welfare is a task in the public interest (GDPR article 6(1)(e)). We send messages by e-mail because you chose them, and only to a confirmed address. Requests to the municipality are handled under the Public Administration Act and kept under the Archives Act.
privacy_how_long_title = For how long
privacy_how_long = { $days ->
        [0] As long as you have an account.
       *[other] As long as you use your account. If you have not logged in for { $days } days, we delete it; we write to you 30 days before.
    } If you delete it yourself, everything that identifies you is removed at once. The name and e-mail on a tip without an account are deleted { $tip_days } days after the tip is closed, and the e-mail you gave a workshop without an account { $workshop_days } days after the workshop. Decided cases are kept by the municipality, as the law requires.
privacy_rights_title = Your rights
privacy_rights = You can at any time download everything we hold about you, and delete your account. You can also ask for wrong data to be corrected, object, or complain to the Danish Data Protection Agency.
privacy_controller_title = Data controller
privacy_contact = Write to the data protection officer at
privacy_complaint = You can complain to the Danish Data Protection Agency, datatilsynet.dk.
privacy_footer = Privacy
your_data = Your data
your_data_intro = Download everything Medspil holds about you, or delete your account. Both need your password, so nobody else can do it from a browser you forgot to log out of.
export_title = Download your data
export_intro = You get a zip file with a JSON file and a CSV file for each kind of data, which spreadsheets can open.
export_button = Download my data
delete_title = Delete your account
delete_intro = When you delete your account:
delete_removed = your name, e-mail address, sessions, messages, what you follow, addresses of orders and documents in cases not yet decided are removed;
delete_kept = what others build on stays without your name: initiatives you started show as started by a former participant, and your pledges and contributions still count;
delete_cases = the municipality keeps decided cases, as the law requires, with a note of why.
delete_hint = The deletion cannot be undone.
delete_button = Delete my account
account_deleted = Your account is deleted
account_deleted_intro = Everything that identified you has been removed. Thank you for taking part.
err_login_again = Log in again: downloading or deleting your data needs a login within the last quarter of an hour, or your password.
