audit_title = Revisionslog
audit_intro = Hver administrativ handling: hvem, hvornår, hvad og hvorfor. Ingen kan rette eller slette en linje, og hver linje bærer et fingeraftryk af den foregående, så en fjernet eller ændret linje kan ses.
audit_intact = { $entries ->
        [one] Kæden holder: { $entries } linje, uændret.
       *[other] Kæden holder: { $entries } linjer, uændrede.
    }
audit_broken_at = Kæden er brudt ved linje { $id }: den eller linjen før er ændret eller fjernet.
audit_broken_end = Kæden er brudt: de nyeste linjer mangler.
audit_export = Hent hele loggen som CSV
audit_when = Hvornår
audit_who = Hvem
audit_what = Hvad
audit_subject = Hvad det gjaldt
audit_by_operator = Driften (kommandolinjen)
audit_why = Begrundelse
hint_audit_reason = Skrives i revisionsloggen.
audit_act_role_changed = Rolle ændret
audit_act_open311_key_created = Open311-nøgle udstedt
audit_act_open311_key_revoked = Open311-nøgle trukket tilbage
audit_act_ownership_transferred = Ejerskab flyttet
audit_act_pool_decision = Afgørelse om midler fra en pulje
audit_act_content_hidden = Indhold skjult
audit_act_content_restored = Indhold vist igen
audit_act_membership_from_group = Rolle i enhed fra gruppe ved login
audit_act_login_linked = Login koblet til konto
audit_act_login_unlinked = Login fjernet fra konto
audit_act_password_reset = Ny adgangskode fra link
audit_act_data_exported = Egne data hentet
audit_act_account_erased = Konto slettet
audit_by_account_holder = Kontohaveren (konto { $id })
audit_act_register_deleted = Foreningsregister slettet
