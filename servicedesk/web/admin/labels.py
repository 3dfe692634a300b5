"""Display names for the admin area's codes, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

AUTO_ASSIGN = {
    "none": _l("None: agents take tickets themselves"),
    "round_robin": _l("Round-robin among present agents"),
    "least_loaded": _l("Present agent with the fewest open tickets"),
}
UNIT_KIND = {
    "municipality": _l("Municipality"),
    "company": _l("Municipal company"),
    "department": _l("Department"),
    "it_unit": _l("IT unit"),
    "supplier": _l("Supplier"),
}
AUDIT_ACTION = {
    "role_granted": _l("Role granted"),
    "role_revoked": _l("Role revoked"),
    "queue_member_added": _l("Added to queue"),
    "queue_member_removed": _l("Removed from queue"),
    "queue_lead_changed": _l("Queue lead changed"),
    "queue_created": _l("Queue created"),
    "queue_activated": _l("Queue activated"),
    "queue_deactivated": _l("Queue deactivated"),
    "user_created": _l("User created"),
    "user_activated": _l("User activated"),
    "user_deactivated": _l("User deactivated"),
    "unit_created": _l("Unit created"),
    "service_created": _l("Service created"),
    "service_retired": _l("Service retired"),
    "service_reactivated": _l("Service reactivated"),
    "catalog_imported": _l("Catalog imported"),
    "rule_created": _l("Routing rule created"),
    "rule_changed": _l("Routing rule changed"),
    "rule_moved": _l("Routing rule moved"),
    "rule_activated": _l("Routing rule activated"),
    "rule_deactivated": _l("Routing rule deactivated"),
    "inbound_mail_reprocessed": _l("Inbound mail reprocessed"),
    "inbound_mail_accepted": _l("Inbound mail accepted as from its sender"),
    # public records (domain/records)
    "authority_created": _l("Authority created"),
    "authority_changed": _l("Authority changed"),
    "record_authority_moved": _l("Record moved to another authority"),
    "records_back_filled": _l("Records given their authority"),
    "osl_provision_saved": _l("OSL provision saved"),
    "secrecy_marked": _l("Marked as secret"),
    "secrecy_lifted": _l("Secrecy lifted"),
    "retention_rule_saved": _l("Retention rule saved"),
    "legal_hold_placed": _l("Legal hold placed"),
    "legal_hold_lifted": _l("Legal hold lifted"),
    "records_thinned": _l("Records thinned"),
    "register_exported": _l("Register exported"),
    "gdpr_export": _l("Data-subject export"),
    "person_anonymised": _l("Person anonymised"),
    "archive_exported": _l("Delivered to the archive"),
}
# Sign-ins, exports and security-incident clock decisions (domain/security, identity).
AUDIT_ACTION.update(
    {
        "sign_in": _l("Signed in"),
        "sign_in_failed": _l("Sign-in failed"),
        "sign_in_locked": _l("Sign-in refused (locked)"),
        "export": _l("Exported"),
        "security_clock_submitted": _l("Security incident reported to the authority"),
        "security_clock_not_reportable": _l("Security incident clock decided not reportable"),
        "security_clock_breach_reversed": _l(
            "Security incident breach taken back (report entered late)"
        ),
        "security_queue_chosen": _l("Security queue chosen"),
    }
)
