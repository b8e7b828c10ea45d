err_not_initiative_party = You can only tie the agreement to initiatives you lead or take part in for one of the parties.
agreements_intro = Co-creation agreements and partnerships: who contributes what, who owns what, how binding it is – and who has accepted which version.
new_agreement_intro = Choose a template and the parties. Then you write the agreement together; it is in force when every party has accepted.
hint_agreement_title = E.g. “Co-creation agreement on visiting friends”.
agreement_template = Template
hint_agreement_template = Co-creation is non-binding; a binding partnership has ethical, legal and economic terms.
agreement_your_party = You are a party for
agreement_other_parties = The other parties
hint_agreement_parties = The municipality's units and the initiative's participants. At least one.
create_agreement = Create the draft
edit_agreement = Propose a new text
agreement_version = Version
agreement_draft = Draft: not yet accepted by every party.
agreement_in_force = In force: version { $n } is accepted by every party.
agreement_amendment_pending = Version { $n } is in force. The amendment in version { $m } waits for every party to accept it.
agreement_propose = Propose changes
agreement_print = Print-ready version
agreement_parties = Parties
agreement_accepted_by = accepted by { $person }, { $when }
agreement_not_accepted = not accepted yet
agreement_accept_for = Accept version { $n } on behalf of { $party }
agreement_comments = Comments
agreement_comment = Comment on a section
agreement_comment_text = Comment
agreement_section = Section
agreement_versions = All versions
agreement_version_title = { $title }, version { $n }
agreement_proposed = written by { $person }, { $when }
agreement_change_note = What changed
hint_change_note = E.g. “The goals changed in spring”.
agreement_becomes_new_version = The changes become a new version that every party must accept. Earlier versions stay readable.
section_purpose = Purpose
section_contributions = Each party's contributions and responsibilities
hint_contributions = For each party: what does it contribute, and what is it responsible for?
section_ownership = Ownership of the results and the initiative
hint_ownership = Who owns the initiative and what is made? Ownership moves only if the owner agrees.
section_commitment = Commitment
section_binding_terms = Terms of a binding partnership
hint_binding_terms = Ethics, law and economy. Required for a binding partnership.
section_data_roles = Personal data: controller and processor
hint_data_roles = Which personal data are processed, who is controller, and who is processor?
section_duration = Duration and leaving
section_evaluation = Evaluating the value
template_purpose = What do we want to achieve together, and for whom?
template_contributions =
    {"["}Party 1] contributes … and is responsible for …
    {"["}Party 2] contributes … and is responsible for …
template_contributions_coproduction =
    The municipality provides … The association/citizens provide … Together we provide …
    Each party's responsibility: …
template_ownership = The initiative is owned by … The results (knowledge, materials, rights) are owned by …
template_binding_terms =
    Ethics: …
    Law (liability, insurance, confidentiality): …
    Economy (amounts, payment, accounts): …
template_data_roles = Personal data processed: … Controller: … Processor: … (data processing agreement attached).
template_duration = The agreement runs from … to … A party can leave with … notice.
template_evaluation = We look at the value … times a year: for citizens, for the community, for the municipality. We measure …
err_parties = An agreement has at least two and at most 20 parties; the other parties are organisations.
err_agreement_newer = A newer version has come since you opened the page. Read it before you accept.
template_co_creation = Co-creation
template_co_production = Co-production
template_partnership = Binding partnership
commitment_non_binding = Non-binding co-creation
commitment_binding = Binding partnership with ethical, legal and economic terms
template_data_processing = Data processing agreement
dpa_purpose = { $processor } processes personal data for { $controller } for these purposes: { $purposes }. The processing is keeping the data on Medspil, showing it to those { $controller } gives access, sending e-mail for { $controller } and erasing the data by { $controller }'s periods.
dpa_contributions = { $controller } is the controller and decides the purposes, fields, periods and who gets access. { $processor } is the processor: it runs Medspil and processes the data only on { $controller }'s documented instructions, which are the register's settings. Nobody at { $processor } – administrators included – can see the register without named, time-limited access from { $controller }.
dpa_ownership = The data belongs to { $controller }. { $processor } does not use it for its own purposes and does not pass it on.
dpa_security = Security: only { $controller }'s board and named people with a purpose and an end date have access; every look and every refused attempt is logged and can be seen by the board and by the person the data is about; passwords are stored with argon2id; the connection is encrypted; sessions can be ended; backups are encrypted. A breach is reported to { $controller } without undue delay and at the latest 24 hours after it is discovered.
dpa_data_roles = Controller: { $controller }. Processor: { $processor }. Sub-processors: none beyond { $processor }'s own operations; a new sub-processor needs { $controller }'s written approval beforehand. Storage: on { $processor }'s servers in Denmark; the data is not transferred to countries outside the EU.
dpa_duration = The agreement applies as long as { $controller } keeps its register on Medspil. When the register is deleted, { $processor } erases the data; backups are erased by their regular rotation.
dpa_evaluation = { $processor } makes available what shows that the agreement is kept, and allows an audit once a year or as agreed.
