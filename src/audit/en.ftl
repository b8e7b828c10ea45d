audit_title = Audit log
audit_intro = Every administrative act: who, when, what and why. Nobody can edit or delete a line, and each line carries a fingerprint of the one before, so a removed or altered line shows.
audit_intact = { $entries ->
        [one] The chain holds: { $entries } line, unaltered.
       *[other] The chain holds: { $entries } lines, unaltered.
    }
audit_broken_at = The chain is broken at line { $id }: it or the line before has been altered or removed.
audit_broken_end = The chain is broken: the newest lines are missing.
audit_export = Download the whole log as CSV
audit_when = When
audit_who = Who
audit_what = What
audit_subject = What it concerned
audit_by_operator = The operator (command line)
audit_why = Reason
hint_audit_reason = Written into the audit log.
audit_act_role_changed = Role changed
audit_act_open311_key_created = Open311 key issued
audit_act_open311_key_revoked = Open311 key revoked
audit_act_ownership_transferred = Ownership moved
audit_act_pool_decision = Decision on money from a pool
audit_act_content_hidden = Content hidden
audit_act_content_restored = Content restored
audit_act_membership_from_group = Unit role from a group at login
audit_act_login_linked = Login linked to account
audit_act_login_unlinked = Login removed from account
audit_act_password_reset = New password from a link
audit_act_data_exported = Own data downloaded
audit_act_account_erased = Account deleted
audit_by_account_holder = The account holder (account { $id })
audit_act_register_deleted = Association register deleted
