"""KSeF, Intake's fourth door: every client's purchase invoices from the national e-invoice
system (KSeF API 2.0), fetched incrementally, exactly once, and read exactly.

The office authenticates with its own credential (a KSeF certificate signing the
AuthTokenRequest as XAdES, or a KSeF token) and works in each client's context
(contextIdentifier = the client's NIP); a client may also have a credential of its own.
"""
