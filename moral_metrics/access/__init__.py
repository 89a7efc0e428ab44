"""Who may do what: the editors table, identities, roles and scopes, the passphrase and its
throttle, and the audit log. Authority comes from the editors table (secrets), never from text a
user types; everyone without an entry is a viewer."""
