CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);
CREATE TABLE public.allowed_sender (
    id integer NOT NULL,
    company_id integer NOT NULL,
    address character varying(254) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.allowed_sender_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.allowed_sender_id_seq OWNED BY public.allowed_sender.id;
CREATE TABLE public.company (
    id integer NOT NULL,
    office_id integer NOT NULL,
    name character varying(200) NOT NULL,
    nip character varying(20) NOT NULL,
    inbox_code character varying(40) NOT NULL,
    pin_hash character varying(200),
    accountant_id integer,
    deadline_day integer,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.company_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.company_id_seq OWNED BY public.company.id;
CREATE TABLE public.contact (
    id integer NOT NULL,
    company_id integer NOT NULL,
    name character varying(200) NOT NULL,
    email character varying(254),
    phone character varying(32)
);
CREATE SEQUENCE public.contact_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.contact_id_seq OWNED BY public.contact.id;
CREATE TABLE public.document (
    id integer NOT NULL,
    office_id integer NOT NULL,
    company_id integer NOT NULL,
    month character varying(7),
    month_chosen boolean NOT NULL,
    source character varying(10) NOT NULL,
    filename character varying(255) NOT NULL,
    media_type character varying(100) NOT NULL,
    size integer NOT NULL,
    pages integer NOT NULL,
    sha256 character varying(64) NOT NULL,
    storage_key character varying(300) NOT NULL,
    status character varying(20) NOT NULL,
    error text,
    attempts integer NOT NULL,
    lease_until timestamp with time zone,
    duplicate_of_id integer,
    probable_duplicate_of_id integer,
    uploaded_by_id integer,
    inbound_email_id integer,
    late boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    claim_token character varying(64)
);
CREATE TABLE public.document_event (
    id integer NOT NULL,
    document_id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_id integer,
    actor character varying(200) NOT NULL,
    from_status character varying(20),
    to_status character varying(20),
    note text
);
CREATE SEQUENCE public.document_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.document_event_id_seq OWNED BY public.document_event.id;
CREATE SEQUENCE public.document_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.document_id_seq OWNED BY public.document.id;
CREATE TABLE public.extraction (
    id integer NOT NULL,
    document_id integer NOT NULL,
    source character varying(20),
    fields json NOT NULL,
    confidence json NOT NULL,
    problems json NOT NULL,
    corrected json NOT NULL,
    text text NOT NULL,
    elapsed_ms integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    invoice_number character varying(100),
    seller_tax_id character varying(32)
);
CREATE SEQUENCE public.extraction_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.extraction_id_seq OWNED BY public.extraction.id;
CREATE TABLE public.inbound_email (
    id integer NOT NULL,
    office_id integer,
    company_id integer,
    account character varying(300) NOT NULL,
    uidvalidity bigint NOT NULL,
    uid bigint NOT NULL,
    message_id character varying(998),
    sender character varying(320),
    subject text,
    status character varying(20) NOT NULL,
    note text,
    storage_key character varying(300),
    done_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    raw_sha256 character varying(64),
    attempts integer DEFAULT 0 NOT NULL,
    month character varying(7)
);
CREATE SEQUENCE public.inbound_email_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.inbound_email_id_seq OWNED BY public.inbound_email.id;
CREATE TABLE public.inbound_part (
    id integer NOT NULL,
    inbound_email_id integer NOT NULL,
    sender character varying(320),
    sha256 character varying(64) NOT NULL,
    filename character varying(255) NOT NULL,
    media_type character varying(100) NOT NULL,
    size integer NOT NULL,
    outcome character varying(12) NOT NULL,
    document_id integer,
    note text
);
CREATE SEQUENCE public.inbound_part_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.inbound_part_id_seq OWNED BY public.inbound_part.id;
CREATE TABLE public.mail_account (
    id integer NOT NULL,
    office_id integer NOT NULL,
    company_id integer,
    name character varying(100) NOT NULL,
    host character varying(253) NOT NULL,
    port integer NOT NULL,
    security character varying(10) NOT NULL,
    username character varying(254) NOT NULL,
    password_token text NOT NULL,
    folder character varying(200) NOT NULL,
    processed_folder character varying(200) NOT NULL,
    rejected_folder character varying(200) NOT NULL,
    address character varying(254),
    active boolean NOT NULL,
    last_polled_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.mail_account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.mail_account_id_seq OWNED BY public.mail_account.id;
CREATE TABLE public.mailbox_state (
    account character varying(300) NOT NULL,
    uidvalidity bigint,
    lease_owner character varying(200),
    lease_until timestamp with time zone,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.notification (
    id integer NOT NULL,
    office_id integer NOT NULL,
    company_id integer,
    channel character varying(10) NOT NULL,
    recipient character varying(320) NOT NULL,
    subject character varying(300),
    body text NOT NULL,
    status character varying(10) NOT NULL,
    error text,
    sent_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    kind character varying(40),
    key character varying(200),
    task_id integer,
    attempts integer DEFAULT 0 NOT NULL,
    last_attempt_at timestamp with time zone,
    data json DEFAULT '{}'::json NOT NULL
);
CREATE SEQUENCE public.notification_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.notification_id_seq OWNED BY public.notification.id;
CREATE TABLE public.office (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    deadline_day integer NOT NULL,
    locale character varying(5) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.office_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.office_id_seq OWNED BY public.office.id;
CREATE TABLE public.period (
    id integer NOT NULL,
    office_id integer NOT NULL,
    company_id integer NOT NULL,
    month character varying(7) NOT NULL,
    state character varying(10) NOT NULL,
    confirmed_at timestamp with time zone,
    confirmed_by character varying(200),
    closed_at timestamp with time zone,
    reopen_count integer NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.period_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.period_id_seq OWNED BY public.period.id;
CREATE TABLE public.sender_event (
    id integer NOT NULL,
    company_id integer,
    sender character varying(320) NOT NULL,
    kind character varying(20) NOT NULL,
    at timestamp with time zone NOT NULL,
    until timestamp with time zone,
    inbound_email_id integer
);
CREATE SEQUENCE public.sender_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.sender_event_id_seq OWNED BY public.sender_event.id;
CREATE TABLE public.task (
    id integer NOT NULL,
    office_id integer NOT NULL,
    company_id integer,
    period_id integer,
    kind character varying(40) NOT NULL,
    title character varying(300) NOT NULL,
    assignee_id integer,
    status character varying(10) NOT NULL,
    due_on date,
    done_at timestamp with time zone,
    data json NOT NULL,
    created_at timestamp with time zone NOT NULL,
    key character varying(120),
    parent_id integer
);
CREATE SEQUENCE public.task_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.task_id_seq OWNED BY public.task.id;
CREATE TABLE public.user_account (
    id integer NOT NULL,
    office_id integer NOT NULL,
    company_id integer,
    email character varying(254) NOT NULL,
    name character varying(200) NOT NULL,
    role character varying(10) NOT NULL,
    password_hash character varying(200) NOT NULL,
    phone character varying(32),
    locale character varying(5),
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.user_account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.user_account_id_seq OWNED BY public.user_account.id;
CREATE TABLE public.work_policy (
    office_id integer NOT NULL,
    approval_required boolean NOT NULL,
    remind_after_days integer NOT NULL
);
ALTER TABLE ONLY public.allowed_sender ALTER COLUMN id SET DEFAULT nextval('public.allowed_sender_id_seq'::regclass);
ALTER TABLE ONLY public.company ALTER COLUMN id SET DEFAULT nextval('public.company_id_seq'::regclass);
ALTER TABLE ONLY public.contact ALTER COLUMN id SET DEFAULT nextval('public.contact_id_seq'::regclass);
ALTER TABLE ONLY public.document ALTER COLUMN id SET DEFAULT nextval('public.document_id_seq'::regclass);
ALTER TABLE ONLY public.document_event ALTER COLUMN id SET DEFAULT nextval('public.document_event_id_seq'::regclass);
ALTER TABLE ONLY public.extraction ALTER COLUMN id SET DEFAULT nextval('public.extraction_id_seq'::regclass);
ALTER TABLE ONLY public.inbound_email ALTER COLUMN id SET DEFAULT nextval('public.inbound_email_id_seq'::regclass);
ALTER TABLE ONLY public.inbound_part ALTER COLUMN id SET DEFAULT nextval('public.inbound_part_id_seq'::regclass);
ALTER TABLE ONLY public.mail_account ALTER COLUMN id SET DEFAULT nextval('public.mail_account_id_seq'::regclass);
ALTER TABLE ONLY public.notification ALTER COLUMN id SET DEFAULT nextval('public.notification_id_seq'::regclass);
ALTER TABLE ONLY public.office ALTER COLUMN id SET DEFAULT nextval('public.office_id_seq'::regclass);
ALTER TABLE ONLY public.period ALTER COLUMN id SET DEFAULT nextval('public.period_id_seq'::regclass);
ALTER TABLE ONLY public.sender_event ALTER COLUMN id SET DEFAULT nextval('public.sender_event_id_seq'::regclass);
ALTER TABLE ONLY public.task ALTER COLUMN id SET DEFAULT nextval('public.task_id_seq'::regclass);
ALTER TABLE ONLY public.user_account ALTER COLUMN id SET DEFAULT nextval('public.user_account_id_seq'::regclass);
INSERT INTO public.alembic_version VALUES ('0004_work');
INSERT INTO public.alembic_version VALUES ('0003_inbox');
INSERT INTO public.alembic_version VALUES ('0002_pipeline');
INSERT INTO public.allowed_sender VALUES (1, 1, '@firma.pl', '2026-12-01 15:01:25.457451+00');
INSERT INTO public.company VALUES (1, 1, 'Piekarnia Złoty Kłos sp. z o.o.', '5260250274', 'zloty-klos', '$argon2id$v=19$m=65536,t=3,p=4$dOudGXNY/qDyS07x5KueIg$SPkYgvavbUtR/N7Nd0GwxdGyWRh0ykpnRMJGg6M4bYo', 2, NULL, '2026-12-01 15:01:23.715603+00');
INSERT INTO public.company VALUES (2, 1, 'Auto-Serwis Kowalski', '7740001454', 'kowalski', '$argon2id$v=19$m=65536,t=3,p=4$W6pUD4RPNSwXcVEPRkcs9A$LnOk0ptYlkLN4i9x7f6iAfVhkn1awxSZs0aiaQOd5+o', 2, NULL, '2026-12-01 15:01:23.944552+00');
INSERT INTO public.company VALUES (3, 1, 'Studio Graficzne Pixel S.A.', '1132853869', 'pixel', '$argon2id$v=19$m=65536,t=3,p=4$H96g8hMNQDr+3ITSbe1Eng$ROJZgZh6qyJIZMUef+8eQBLB0y5o7fflIUb55kDSYWM', 3, NULL, '2026-12-01 15:01:24.173214+00');
INSERT INTO public.contact VALUES (1, 1, 'Kontakt Piekarnia', 'klient1@demo.intake', '+48600100200');
INSERT INTO public.contact VALUES (2, 2, 'Kontakt Auto-Serwis', 'klient2@demo.intake', '+48600100200');
INSERT INTO public.contact VALUES (3, 3, 'Kontakt Studio', 'klient3@demo.intake', '+48600100200');
INSERT INTO public.document VALUES (5, 1, 2, '2025-08', false, 'cli', 'inv-compact-photo.jpg', 'image/jpeg', 260089, 1, '6857c546848265cf821944d7c2c72e5b9a48bbf644a10911f54175a85e9957b8', '1/6857c546848265cf821944d7c2c72e5b9a48bbf644a10911f54175a85e9957b8', 'extracted', NULL, 1, NULL, NULL, NULL, NULL, NULL, false, '2026-12-01 15:01:25.304211+00', '2026-12-01 15:01:24.425249+00', 'bf91f7d2-1f90-4f52-b63a-7df4ecd71d3e');
INSERT INTO public.document VALUES (6, 1, 3, '2025-06', false, 'cli', 'inv-under-scan.jpg', 'image/jpeg', 381837, 1, 'a347f21985498dd5faa785f57c4d52ba2cfa1adfc49db302115fe64ef682dfa8', '1/a347f21985498dd5faa785f57c4d52ba2cfa1adfc49db302115fe64ef682dfa8', 'extracted', NULL, 1, NULL, NULL, NULL, NULL, NULL, false, '2026-12-01 15:01:25.320004+00', '2026-12-01 15:01:24.434613+00', 'f3c41935-ff98-4e97-9c33-c15c670b17c6');
INSERT INTO public.document VALUES (1, 1, 1, '2026-11', false, 'cli', 'fa3-00.xml', 'application/xml', 1798, 1, '6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a', '1/6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a', 'extracted', NULL, 1, NULL, NULL, NULL, NULL, 1, false, '2026-12-01 15:01:25.46309+00', '2026-12-01 15:01:24.296117+00', '6b526694-c86d-43ae-97c0-48d8a5764ff0');
INSERT INTO public.document VALUES (2, 1, 2, '2026-10', false, 'cli', 'fa3-01.xml', 'application/xml', 2144, 1, '73ac797dd11b02f5186a1dbab095f3a84bdddcf67a9a997f6bc7a439402aa625', '1/73ac797dd11b02f5186a1dbab095f3a84bdddcf67a9a997f6bc7a439402aa625', 'approved', NULL, 1, NULL, NULL, NULL, NULL, NULL, false, '2026-12-01 15:01:25.471402+00', '2026-12-01 15:01:24.313422+00', '65c3d0a2-1521-421b-abb8-3ac45ba53d4b');
INSERT INTO public.document VALUES (3, 1, 3, '2026-01', false, 'cli', 'cn-stacked-correction-pdf.pdf', 'application/pdf', 48021, 1, 'edccc52307814df7b1e681f7ff2a66bec715ba004f04162ebe9dcff0a22e29f9', '1/edccc52307814df7b1e681f7ff2a66bec715ba004f04162ebe9dcff0a22e29f9', 'rejected', 'nieczytelna', 1, NULL, NULL, NULL, NULL, NULL, false, '2026-12-01 15:01:25.471898+00', '2026-12-01 15:01:24.342451+00', '429a3a59-8ae5-4208-854e-22d52f90ac6b');
INSERT INTO public.document VALUES (4, 1, 1, '2025-12', false, 'cli', 'inv-band-pdf.pdf', 'application/pdf', 47012, 1, '29646af455626a4538187f4f260c550670a1f7260dba544f2a23a554ef9d9160', '1/29646af455626a4538187f4f260c550670a1f7260dba544f2a23a554ef9d9160', 'needs_review', NULL, 1, NULL, NULL, NULL, NULL, NULL, false, '2026-12-01 15:01:25.474354+00', '2026-12-01 15:01:24.356908+00', 'c5c6c121-f128-48e6-bfb2-1b2b165aad0e');
INSERT INTO public.document VALUES (7, 1, 1, NULL, false, 'portal', 'fa3-00.xml', 'application/xml', 1798, 1, '6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a', '1/6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a', 'duplicate', NULL, 0, NULL, 1, NULL, NULL, NULL, false, '2026-12-01 15:01:25.478234+00', '2026-12-01 15:01:25.477548+00', NULL);
INSERT INTO public.document_event VALUES (1, 1, '2026-12-01 15:01:24.298461+00', NULL, 'cli', 'received', NULL, 'received via cli: fa3-00.xml');
INSERT INTO public.document_event VALUES (2, 1, '2026-12-01 15:01:24.30657+00', NULL, 'worker', 'received', 'processing', 'reading, attempt 1');
INSERT INTO public.document_event VALUES (3, 2, '2026-12-01 15:01:24.316389+00', NULL, 'cli', 'received', NULL, 'received via cli: fa3-01.xml');
INSERT INTO public.document_event VALUES (4, 2, '2026-12-01 15:01:24.328218+00', NULL, 'worker', 'received', 'processing', 'reading, attempt 1');
INSERT INTO public.document_event VALUES (5, 1, '2026-12-01 15:01:24.331049+00', NULL, 'worker', 'processing', 'extracted', NULL);
INSERT INTO public.document_event VALUES (6, 3, '2026-12-01 15:01:24.344428+00', NULL, 'cli', 'received', NULL, 'received via cli: cn-stacked-correction-pdf.pdf');
INSERT INTO public.document_event VALUES (7, 2, '2026-12-01 15:01:24.347656+00', NULL, 'worker', 'processing', 'extracted', NULL);
INSERT INTO public.document_event VALUES (8, 3, '2026-12-01 15:01:24.351771+00', NULL, 'worker', 'received', 'processing', 'reading, attempt 1');
INSERT INTO public.document_event VALUES (9, 4, '2026-12-01 15:01:24.357903+00', NULL, 'cli', 'received', NULL, 'received via cli: inv-band-pdf.pdf');
INSERT INTO public.document_event VALUES (10, 4, '2026-12-01 15:01:24.382715+00', NULL, 'worker', 'received', 'processing', 'reading, attempt 1');
INSERT INTO public.document_event VALUES (11, 5, '2026-12-01 15:01:24.426651+00', NULL, 'cli', 'received', NULL, 'received via cli: inv-compact-photo.jpg');
INSERT INTO public.document_event VALUES (12, 6, '2026-12-01 15:01:24.435594+00', NULL, 'cli', 'received', NULL, 'received via cli: inv-under-scan.jpg');
INSERT INTO public.document_event VALUES (13, 3, '2026-12-01 15:01:24.461012+00', NULL, 'worker', 'processing', 'extracted', NULL);
INSERT INTO public.document_event VALUES (14, 4, '2026-12-01 15:01:24.465971+00', NULL, 'worker', 'processing', 'extracted', NULL);
INSERT INTO public.document_event VALUES (15, 5, '2026-12-01 15:01:24.483013+00', NULL, 'worker', 'received', 'processing', 'reading, attempt 1');
INSERT INTO public.document_event VALUES (16, 6, '2026-12-01 15:01:24.48387+00', NULL, 'worker', 'received', 'processing', 'reading, attempt 1');
INSERT INTO public.document_event VALUES (17, 5, '2026-12-01 15:01:25.304661+00', NULL, 'worker', 'processing', 'extracted', NULL);
INSERT INTO public.document_event VALUES (18, 6, '2026-12-01 15:01:25.320378+00', NULL, 'worker', 'processing', 'extracted', NULL);
INSERT INTO public.document_event VALUES (19, 2, '2026-12-01 15:01:25.472638+00', 2, 'ksiegowa1@demo.intake', 'extracted', 'approved', NULL);
INSERT INTO public.document_event VALUES (20, 3, '2026-12-01 15:01:25.472639+00', 2, 'ksiegowa1@demo.intake', 'extracted', 'rejected', 'nieczytelna');
INSERT INTO public.document_event VALUES (21, 4, '2026-12-01 15:01:25.474648+00', NULL, 'worker', 'extracted', 'needs_review', 'the invoice number was not found');
INSERT INTO public.document_event VALUES (22, 7, '2026-12-01 15:01:25.478597+00', NULL, 'portal', 'received', NULL, 'received via portal: fa3-00.xml');
INSERT INTO public.document_event VALUES (23, 7, '2026-12-01 15:01:25.478598+00', NULL, 'portal', 'received', 'duplicate', 'same file as document 1');
INSERT INTO public.extraction VALUES (1, 1, 'ksef-xml', '{"kind": "invoice", "invoice_number": "F/00196/26", "issue_date": "2026-11-24", "sale_date": "2026-11-22", "due_date": "2026-12-08", "seller_name": "Gabinet Fizjoterapii Marek Kami\u0144ska", "seller_tax_id": "5119020686", "buyer_name": "Inwestcom sp. z o.o.", "buyer_tax_id": "4068901607", "currency": "PLN", "net_total": "1398.70", "vat_total": "321.70", "gross_total": "1720.40", "bank_account": "PL32286221614826809369680238", "vat_breakdown": [{"rate": "23", "net": "1398.70", "vat": "321.70"}]}', '{"kind": 1.0, "invoice_number": 1.0, "issue_date": 1.0, "sale_date": 1.0, "due_date": 1.0, "seller_name": 1.0, "seller_tax_id": 1.0, "buyer_name": 1.0, "buyer_tax_id": 1.0, "currency": 1.0, "net_total": 1.0, "vat_total": 1.0, "gross_total": 1.0, "bank_account": 1.0, "vat_breakdown": 1.0}', '[]', '[]', 'FA 3 2026-11-24T10:00:00Z Intake samples 5119020686 Gabinet Fizjoterapii Marek Kamińska PL al. Jerozolimskie 125/18 30-001 Kraków 4068901607 Inwestcom sp. z o.o. PL ul. Świętokrzyska 171/37 35-064 Rzeszów 2 2 PLN 2026-11-24 F/00196/26 2026-11-22 1398.70 321.70 1720.40 2 2 2 2 1 1 2 1 VAT 1 Montaż instalacji elektrycznej usł. 1 1398.70 1398.70 23 2026-12-08 6 32286221614826809369680238', 0, '2026-12-01 15:01:24.317652+00', 'F/00196/26', '5119020686');
INSERT INTO public.extraction VALUES (2, 2, 'ksef-xml', '{"kind": "invoice", "invoice_number": "F/00278/26", "issue_date": "2026-10-20", "sale_date": "2026-10-10", "due_date": "2026-11-19", "seller_name": "Ekonet Sp. z o.o. Sp. k.", "seller_tax_id": "4769857081", "buyer_name": "Agroserwis S.A.", "buyer_tax_id": "2562212234", "currency": "PLN", "net_total": "14673.04", "vat_total": "1708.24", "gross_total": "16381.28", "bank_account": "PL80101536602856250482126749", "vat_breakdown": [{"rate": "23", "net": "5414.32", "vat": "1245.30"}, {"rate": "5", "net": "9258.72", "vat": "462.94"}]}', '{"kind": 1.0, "invoice_number": 1.0, "issue_date": 1.0, "sale_date": 1.0, "due_date": 1.0, "seller_name": 1.0, "seller_tax_id": 1.0, "buyer_name": 1.0, "buyer_tax_id": 1.0, "currency": 1.0, "net_total": 1.0, "vat_total": 1.0, "gross_total": 1.0, "bank_account": 1.0, "vat_breakdown": 1.0}', '[]', '[]', 'FA 3 2026-10-20T10:00:00Z Intake samples 4769857081 Ekonet Sp. z o.o. Sp. k. PL ul. Polna 95 00-950 Warszawa 2562212234 Agroserwis S.A. PL os. Różane 76/16 40-002 Katowice 2 2 PLN 2026-10-20 F/00278/26 2026-10-10 5414.32 1245.30 9258.72 462.94 16381.28 2 2 2 2 1 1 2 1 VAT 1 Usługa księgowa za miesiąc usł. 5 882.11 4410.55 23 2 Woda mineralna 1,5 l zgrz. 3 3086.24 9258.72 5 3 Kabel miedziany YDY 3x2,5 m 1 1003.77 1003.77 23 2026-11-19 6 PL80101536602856250482126749', 0, '2026-12-01 15:01:24.343206+00', 'F/00278/26', '4769857081');
INSERT INTO public.extraction VALUES (3, 3, 'pdf-text', '{"kind": "correction", "invoice_number": "87/01/2026", "issue_date": "2026-01-04", "sale_date": "2026-01-04", "due_date": "2026-02-03", "seller_name": "Printland sp. z o.o.", "seller_tax_id": "8260451175", "buyer_name": "Nordwind Logistik GmbH", "buyer_tax_id": "174009309", "currency": "EUR", "net_total": "-9146.72", "vat_total": "-2103.74", "gross_total": "-11250.46", "bank_account": "PL33111038550387222231638710", "vat_breakdown": [{"rate": "23", "net": "-9146.72", "vat": "-2103.74"}]}', '{"kind": 0.9, "invoice_number": 0.8, "issue_date": 0.95, "sale_date": 0.95, "due_date": 0.95, "currency": 0.75, "seller_name": 0.8, "seller_tax_id": 0.95, "buyer_name": 0.8, "buyer_tax_id": 0.95, "net_total": 0.95, "vat_total": 0.95, "gross_total": 0.95, "vat_breakdown": 0.9, "bank_account": 0.95}', '[]', '[]', 'CORRECTIVE INVOICE 87/01/2026
Corrects invoice F-2025-12-0104
Invoice date: 4 January 2026
Delivery date: 4 January 2026
Payment due: 3 February 2026
Seller
Printland sp. z o.o.
ul. Kwiatowa 23/29
20-076 Lublin
VAT No.: 826-045-11-75
Buyer
Nordwind Logistik GmbH
Bahnhofstraße 93
20095 Hamburg
VAT No.: DE174009309
No. Description  Unit  Qty  Unit price  Net amount  VAT
1  Office chairs  pcs  -1  3,440.18  -3,440.18 23%
2  Laptop stand  pcs  -3  1,902.18  -5,706.54 23%
VAT rate  Net  VAT  Gross
23%  -9,146.72  -2,103.74  -11,250.46
Total  -9,146.72  -2,103.74  -11,250.46
Balance due: -11,250.46 EUR
Payment: bank transfer
IBAN: PL33111038550387222231638710
Page 1', 89, '2026-12-01 15:01:24.453603+00', '87/01/2026', '8260451175');
INSERT INTO public.extraction VALUES (5, 5, 'ocr', '{"kind": "invoice", "invoice_number": "467/09/2025", "issue_date": "2025-09-05", "sale_date": "2025-08-31", "due_date": "2025-10-05", "seller_name": "Agrobud sp. z o.o.", "seller_tax_id": "9969894362", "buyer_name": "Nordwind Logistik GmbH", "buyer_tax_id": "500452578", "currency": "EUR", "net_total": "115867.88", "vat_total": "0.00", "gross_total": "115867.88", "bank_account": "PL72157763303219488302340780", "vat_breakdown": [{"rate": "np", "net": "115867.88", "vat": "0.00"}]}', '{"kind": 0.81, "invoice_number": 0.5, "issue_date": 0.815, "sale_date": 0.823, "due_date": 0.817, "currency": 0.675, "seller_name": 0.72, "seller_tax_id": 0.855, "buyer_name": 0.72, "buyer_tax_id": 0.855, "net_total": 0.855, "vat_total": 0.855, "gross_total": 0.855, "vat_breakdown": 0.81, "bank_account": 0.855}', '[]', '[]', 'Agrobud sp. z 0.0.  Invoice 467/09/2025
5 Sep 2025
Date of issue
31 Aug 2025
Delivery date
Seller
Agrobud sp. z 0.0.
os. Różane 160
90-001 Łódź
VAT ID: 996-98-94-362
Customer
Nordwind Logistik GmbH
Lindenallee 56
10115 Berlin
VAT ID: DE500452578
Ne. Description  Unit  Qty  Unit price Netamount VAT VATamount Gross amount
1  Consulting services  h  32  2,715.57  86,898.24  np  0.00  86,898.24
2  Laptop stand  pes  1  2,600.24  2,600.24  np  0.00  2,600.24
3.  Technical support retainer  month  10  2,636.94  26,369.40  np  0.00  26,369.40
VAT rate  Net  VAT  Gross
np  115,867.88  0.00  115,867.88
TOTAL  115,867.88  0.00  115,867.88
Total due: €115,867.88
Payment: bank transfer
Due date: 5 Oct 2025
Bank account: PL72157763303219488302340780
Reverse charge - VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).
Page 1', 811, '2026-12-01 15:01:25.301756+00', '467/09/2025', '9969894362');
INSERT INTO public.extraction VALUES (6, 6, 'ocr', '{"kind": "invoice", "invoice_number": "FA/2025/06/333", "issue_date": "2025-06-25", "sale_date": "2025-06-20", "due_date": "2025-07-09", "seller_name": "Komcom sp. z o.o.", "seller_tax_id": "7586697725", "buyer_name": "Alpenblick Software GmbH", "buyer_tax_id": "167290579", "currency": "EUR", "net_total": "12486.23", "vat_total": "0.00", "gross_total": "12486.23", "bank_account": "PL39258509785699228820066463", "vat_breakdown": [{"rate": "np", "net": "12486.23", "vat": "0.00"}]}', '{"kind": 0.81, "invoice_number": 0.657, "issue_date": 0.826, "sale_date": 0.828, "due_date": 0.825, "currency": 0.675, "seller_name": 0.72, "seller_tax_id": 0.855, "buyer_name": 0.72, "buyer_tax_id": 0.855, "net_total": 0.855, "vat_total": 0.855, "gross_total": 0.855, "vat_breakdown": 0.81, "bank_account": 0.855}', '[]', '[]', 'Komcom sp. z 0.0.  Invoice FA/2025/06/333
2025-06-25
Date of issue
2025-06-20
Date of supply
2025-07-09
Payment due
Seller  Buyer
Komcom sp. z 0.0.  Alpenblick Software GmbH
ul. Polna 26  Bahnhofstrabe 20
45-015 Opole  50667 Koln
VAT No.: 758-66-97-725  VAT No.: DE167290579
No.  Description  Unit  Qty  Unit price  Net amount  VAT  VATamount  Gross amount
1  Laptop stand  pcs  1  4,093.34  4,093.34  np  0.00  4,093.34
2  Cloud hosting, monthly plan  month  3  268.41  805.23  np  0.00  805.23
3  Software development services  h  2  3,793.83  7,587.66  np  0.00  7,587.66
VAT rate  Net  VAT  Gross
np  12,486.23  0.00  12,486.23
TOTAL  12,486.23  0.00  12,486.23
Balance due: 12,486.23 EUR
Payment: bank transfer
IBAN: 39 2585 0978 5699 2288 2006 6463
Reverse charge - VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).
Page 1', 825, '2026-12-01 15:01:25.317325+00', 'FA/2025/06/333', '7586697725');
INSERT INTO public.extraction VALUES (4, 4, 'pdf-text', '{"kind": "invoice", "invoice_number": "FV 169/2025", "issue_date": "2025-12-30", "sale_date": "2025-12-25", "due_date": "2026-01-29", "seller_name": "Transcom Sp. z o.o.", "seller_tax_id": "7686519503", "buyer_name": "Hansa Office Supplies GmbH", "buyer_tax_id": "631967686", "currency": "EUR", "net_total": "7563.10", "vat_total": "0.00", "gross_total": "7563.10", "bank_account": "PL03128957489706693697036872", "vat_breakdown": [{"rate": "np", "net": "7563.10", "vat": "0.00"}]}', '{"kind": 0.9, "invoice_number": 0.8, "issue_date": 0.95, "sale_date": 0.95, "due_date": 0.95, "currency": 0.75, "seller_name": 0.8, "seller_tax_id": 0.95, "buyer_name": 0.8, "buyer_tax_id": 0.95, "net_total": 0.95, "vat_total": 0.95, "gross_total": 0.95, "vat_breakdown": 0.9, "bank_account": 0.95}', '["the invoice number was not found"]', '[]', 'Invoice FV 169/2025
Date of issue: 30.12.2025
Date of supply: 25.12.2025
Payment due: 29.01.2026
Supplier  Bill to
Transcom Sp. z o.o.  Hansa Office Supplies GmbH
ul. Kościuszki 122  Bahnhofstraße 45
20-076 Lublin  10115 Berlin
Tax ID: PL 768-651-95-03  Tax ID: DE631967686
No. Description  Unit  Qty  Unit price  Net amount  VAT VAT amount Gross amount
1  Freight forwarding  trip  1  4,703.15  4,703.15  np  0.00  4,703.15
2  Office chairs  pcs  5  571.99  2,859.95  np  0.00  2,859.95
VAT rate  Net  VAT  Gross
np  7,563.10  0.00  7,563.10
Total  7,563.10  0.00  7,563.10
Amount due: 7,563.10 EUR
Payment: bank transfer
IBAN: PL 03 1289 5748 9706 6936 9703 6872
Reverse charge - VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).
Page 1', 41, '2026-12-01 15:01:24.458778+00', 'FV169/2025', '7686519503');
INSERT INTO public.inbound_email VALUES (1, 1, 1, 'catch-all:docs@intake.localhost/INBOX', 4000000000, 7, '<m1@x>', 'kasia@firma.pl', 'Faktury [4821] 10/2026', 'imported', 'ok', NULL, '2026-12-01 15:01:25.452674+00', '2026-12-01 15:01:25.453893+00', 'abababababababababababababababababababababababababababababababab', 1, '2026-10');
INSERT INTO public.inbound_part VALUES (1, 1, 'kasia@firma.pl', 'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd', 'fv.pdf', 'application/pdf', 1234, 'document', 1, NULL);
INSERT INTO public.mail_account VALUES (1, 1, 1, 'biuro', 'imap.biuro.pl', 993, 'tls', 'docs@biuro.pl', 'gAAAAABrDuFF43Xe6IZ5C9-IyvJQDSgDx6lXY8WIYaL7F2EGrdlOa7kEvOrVW8okYD0F1GK1ujFqcqAF8SBRgSBoSav0LqN0Ew==', 'INBOX', 'Processed', 'Rejected', 'docs@biuro.pl', true, NULL, NULL, '2026-12-01 15:01:25.4669+00');
INSERT INTO public.mailbox_state VALUES ('catch-all:docs@intake.localhost/INBOX', 4000000000, NULL, NULL, '2026-12-01 15:01:25.459789+00');
INSERT INTO public.notification VALUES (1, 1, 1, 'email', 'ksiegowa1@demo.intake', 'Nowe zadanie: Oblicz podatki: Piekarnia Złoty Kłos sp. z o.o., 11/2026', 'Dzień dobry,
pojawiło się zadanie „Oblicz podatki: Piekarnia Złoty Kłos sp. z o.o., 11/2026”.
Termin: 15.12.2026.
http://127.0.0.1:8000/staff/
', 'sent', NULL, '2026-12-01 15:01:25.37059+00', '2026-12-01 15:01:25.342298+00', 'task_created', 'task_created:1:2', 1, 1, '2026-12-01 15:01:25.349442+00', '{"gateway_id": "<179613728536.18145.12816834540447588059@localhost>"}');
INSERT INTO public.notification VALUES (2, 1, 1, 'email', 'klient1@demo.intake', 'Otrzymaliśmy komplet dokumentów za 11/2026', 'Dzień dobry,
otrzymaliśmy komplet dokumentów firmy Piekarnia Złoty Kłos sp. z o.o. za 11/2026. Dziękujemy! Rozliczenie przygotuje Barbara Księgowa.
Status dokumentów: http://127.0.0.1:8000/client/
Biuro Rachunkowe Demo
', 'sent', NULL, '2026-12-01 15:01:25.372157+00', '2026-12-01 15:01:25.347795+00', 'period_closed', 'period_closed:1:2026-11:0:1', NULL, 1, '2026-12-01 15:01:25.350654+00', '{"gateway_id": "<179613728536.18145.3613694024146059527@localhost>"}');
INSERT INTO public.notification VALUES (3, 1, 1, 'email', 'ksiegowa1@demo.intake', 'Nowe zadanie: Wyślij deklaracje (JPK_V7): Piekarnia Złoty Kłos sp. z o.o., 11/2026', 'Dzień dobry,
pojawiło się zadanie „Wyślij deklaracje (JPK_V7): Piekarnia Złoty Kłos sp. z o.o., 11/2026”.
Termin: 28.12.2026.
http://127.0.0.1:8000/staff/
', 'sent', NULL, '2026-12-01 15:01:25.502148+00', '2026-12-01 15:01:25.48567+00', 'task_created', 'task_created:2:2', 2, 1, '2026-12-01 15:01:25.492098+00', '{"gateway_id": "<179613728549.18145.17951524972884916898@localhost>"}');
INSERT INTO public.notification VALUES (4, 1, 1, 'email', 'klient1@demo.intake', 'Podatki do zapłaty za 11/2026: Piekarnia Złoty Kłos sp. z o.o.', 'Dzień dobry,
rozliczyliśmy 11/2026 dla firmy Piekarnia Złoty Kłos sp. z o.o.. Do zapłaty:
  VAT: 1 234,56 zł (termin 28.12.2026)
  PIT (zaliczka): 0,00 zł (termin 21.12.2026)
Prosimy o akceptację: http://127.0.0.1:8000/client/approve/eyJ0YXNrIjoxLCJjb21wYW55IjoxfQ.aw7hRQ.fmA1IUOExYS4xncIpzcXvXcYu9k
Szczegóły w portalu: http://127.0.0.1:8000/client/
Pozdrawiam,
Barbara Księgowa
Biuro Rachunkowe Demo
', 'sent', NULL, '2026-12-01 15:01:25.50527+00', '2026-12-01 15:01:25.489229+00', 'tax_due', 'tax_due:1:1:email', 1, 1, '2026-12-01 15:01:25.492658+00', '{"headers": {"Reply-To": "ksiegowa1@demo.intake"}, "gateway_id": "<179613728550.18145.3506781187266195578@localhost>"}');
INSERT INTO public.notification VALUES (5, 1, 1, 'sms', '+48600100200', NULL, 'Piekarnia Złoty Kłos sp. z o.o. 11/2026: VAT 1 234,56 zł do 28.12, PIT 0,00 zł do 21.12. Prosimy o akceptację: http://127.0.0.1:8000/client/approve/eyJ0YXNrIjoxLCJjb21wYW55IjoxfQ.aw7hRQ.fmA1IUOExYS4xncIpzcXvXcYu9k Barbara Księgowa, Biuro Rachunkowe Demo', 'sent', NULL, '2026-12-01 15:01:25.508855+00', '2026-12-01 15:01:25.490318+00', 'tax_due', 'tax_due:1:1:sms', 1, 1, '2026-12-01 15:01:25.503768+00', '{"gateway_id": null}');
INSERT INTO public.office VALUES (1, 'Biuro Rachunkowe Demo', 10, 'pl', '2026-12-01 15:01:23.28982+00');
INSERT INTO public.period VALUES (1, 1, 1, '2026-11', 'closed', '2026-12-01 15:01:24.443969+00', 'klient1@demo.intake', '2026-12-01 15:01:25.329274+00', 0, '2026-12-01 15:01:24.442541+00');
INSERT INTO public.sender_event VALUES (1, 1, 'zly@spam.pl', 'wrong_pin', '2026-12-01 15:01:25.4605+00', NULL, 1);
INSERT INTO public.task VALUES (1, 1, 1, 1, 'calculate_tax', 'Oblicz podatki: Piekarnia Złoty Kłos sp. z o.o., 11/2026', 2, 'done', '2026-12-15', '2026-12-01 15:01:25.481368+00', '{"month": "2026-11", "reopen_count": 0, "done_by": 2, "done_by_name": "Barbara Ksi\u0119gowa", "note": "legacy note", "amounts": {"VAT": "1234.56", "PIT": "0.00"}, "due_dates": {"VAT": "2026-12-28", "PIT": "2026-12-21"}, "approval": {"required": true, "approved_at": null}}', '2026-12-01 15:01:25.337826+00', 'period:1:calculate_tax', NULL);
INSERT INTO public.task VALUES (2, 1, 1, 1, 'send_declaration', 'Wyślij deklaracje (JPK_V7): Piekarnia Złoty Kłos sp. z o.o., 11/2026', 2, 'open', '2026-12-28', NULL, '{"month": "2026-11"}', '2026-12-01 15:01:25.48364+00', 'task:1:send_declaration', 1);
INSERT INTO public.user_account VALUES (1, 1, NULL, 'wlasciciel@demo.intake', 'Anna Właścicielka', 'owner', '$argon2id$v=19$m=65536,t=3,p=4$lcxxAi06F7HZEPntLlEfSw$L7Awx+ySthPbjaM3YvOJ4/XuBMsa8/8ej/X5ZxvbNwE', NULL, NULL, true, '2026-12-01 15:01:23.385352+00');
INSERT INTO public.user_account VALUES (2, 1, NULL, 'ksiegowa1@demo.intake', 'Barbara Księgowa', 'staff', '$argon2id$v=19$m=65536,t=3,p=4$4WyU5zjhIRZiwHAGrdGjvg$Kmjqvczd+xDVM/eAFca28+CHc7ANAQnX3pnFen/Ccl8', NULL, NULL, true, '2026-12-01 15:01:23.491048+00');
INSERT INTO public.user_account VALUES (3, 1, NULL, 'ksiegowy2@demo.intake', 'Cezary Księgowy', 'staff', '$argon2id$v=19$m=65536,t=3,p=4$CxMUuA+hTImXZpaNLQYjVw$8zGMtVO5nlxyQuQ61Sf+8TMmNlw8q41fbi3wxn2pcSs', NULL, NULL, true, '2026-12-01 15:01:23.595306+00');
INSERT INTO public.user_account VALUES (4, 1, 1, 'klient1@demo.intake', 'Klient Piekarnia', 'client', '$argon2id$v=19$m=65536,t=3,p=4$D6Tl9IkfymZ9EuCFJdTu4Q$DOFWpViduKnSGebIHKvBDzbjm1Qs/5GF1cCVt87CFaw', NULL, NULL, true, '2026-12-01 15:01:23.825506+00');
INSERT INTO public.user_account VALUES (5, 1, 2, 'klient2@demo.intake', 'Klient Auto-Serwis', 'client', '$argon2id$v=19$m=65536,t=3,p=4$KYoiQrRxOrNjiHbhcJQdHA$hmQOeA0KSDcBXhJbzlJnByg8CilMW4ZyQMHF/5BXVp0', NULL, NULL, true, '2026-12-01 15:01:24.054574+00');
INSERT INTO public.user_account VALUES (6, 1, 3, 'klient3@demo.intake', 'Klient Studio', 'client', '$argon2id$v=19$m=65536,t=3,p=4$Tj5DUJ1jH9Vvd7u3069urg$chUa1+0qSB62T2PAcOUhYb6jIrZl+qogp5TNNr1Ci4E', NULL, NULL, true, '2026-12-01 15:01:24.284938+00');
INSERT INTO public.work_policy VALUES (1, true, 3);
SELECT pg_catalog.setval('public.allowed_sender_id_seq', 1, true);
SELECT pg_catalog.setval('public.company_id_seq', 3, true);
SELECT pg_catalog.setval('public.contact_id_seq', 3, true);
SELECT pg_catalog.setval('public.document_event_id_seq', 23, true);
SELECT pg_catalog.setval('public.document_id_seq', 7, true);
SELECT pg_catalog.setval('public.extraction_id_seq', 6, true);
SELECT pg_catalog.setval('public.inbound_email_id_seq', 1, true);
SELECT pg_catalog.setval('public.inbound_part_id_seq', 1, true);
SELECT pg_catalog.setval('public.mail_account_id_seq', 1, true);
SELECT pg_catalog.setval('public.notification_id_seq', 5, true);
SELECT pg_catalog.setval('public.office_id_seq', 1, true);
SELECT pg_catalog.setval('public.period_id_seq', 1, true);
SELECT pg_catalog.setval('public.sender_event_id_seq', 1, true);
SELECT pg_catalog.setval('public.task_id_seq', 2, true);
SELECT pg_catalog.setval('public.user_account_id_seq', 6, true);
ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);
ALTER TABLE ONLY public.allowed_sender
    ADD CONSTRAINT pk_allowed_sender PRIMARY KEY (id);
ALTER TABLE ONLY public.company
    ADD CONSTRAINT pk_company PRIMARY KEY (id);
ALTER TABLE ONLY public.contact
    ADD CONSTRAINT pk_contact PRIMARY KEY (id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT pk_document PRIMARY KEY (id);
ALTER TABLE ONLY public.document_event
    ADD CONSTRAINT pk_document_event PRIMARY KEY (id);
ALTER TABLE ONLY public.extraction
    ADD CONSTRAINT pk_extraction PRIMARY KEY (id);
ALTER TABLE ONLY public.inbound_email
    ADD CONSTRAINT pk_inbound_email PRIMARY KEY (id);
ALTER TABLE ONLY public.inbound_part
    ADD CONSTRAINT pk_inbound_part PRIMARY KEY (id);
ALTER TABLE ONLY public.mail_account
    ADD CONSTRAINT pk_mail_account PRIMARY KEY (id);
ALTER TABLE ONLY public.mailbox_state
    ADD CONSTRAINT pk_mailbox_state PRIMARY KEY (account);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT pk_notification PRIMARY KEY (id);
ALTER TABLE ONLY public.office
    ADD CONSTRAINT pk_office PRIMARY KEY (id);
ALTER TABLE ONLY public.period
    ADD CONSTRAINT pk_period PRIMARY KEY (id);
ALTER TABLE ONLY public.sender_event
    ADD CONSTRAINT pk_sender_event PRIMARY KEY (id);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT pk_task PRIMARY KEY (id);
ALTER TABLE ONLY public.user_account
    ADD CONSTRAINT pk_user_account PRIMARY KEY (id);
ALTER TABLE ONLY public.work_policy
    ADD CONSTRAINT pk_work_policy PRIMARY KEY (office_id);
ALTER TABLE ONLY public.allowed_sender
    ADD CONSTRAINT uq_allowed_sender_company_id UNIQUE (company_id, address);
ALTER TABLE ONLY public.company
    ADD CONSTRAINT uq_company_inbox_code UNIQUE (inbox_code);
ALTER TABLE ONLY public.company
    ADD CONSTRAINT uq_company_office_id UNIQUE (office_id, nip);
ALTER TABLE ONLY public.extraction
    ADD CONSTRAINT uq_extraction_document_id UNIQUE (document_id);
ALTER TABLE ONLY public.inbound_email
    ADD CONSTRAINT uq_inbound_email_account UNIQUE (account, uidvalidity, uid);
ALTER TABLE ONLY public.mail_account
    ADD CONSTRAINT uq_mail_account_office_id UNIQUE (office_id, name);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT uq_notification_key UNIQUE (key);
ALTER TABLE ONLY public.office
    ADD CONSTRAINT uq_office_name UNIQUE (name);
ALTER TABLE ONLY public.period
    ADD CONSTRAINT uq_period_company_id UNIQUE (company_id, month);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT uq_task_key UNIQUE (key);
ALTER TABLE ONLY public.user_account
    ADD CONSTRAINT uq_user_account_email UNIQUE (email);
CREATE INDEX ix_allowed_sender_company_id ON public.allowed_sender USING btree (company_id);
CREATE INDEX ix_company_office_id ON public.company USING btree (office_id);
CREATE INDEX ix_contact_company_id ON public.contact USING btree (company_id);
CREATE INDEX ix_document_company_id ON public.document USING btree (company_id);
CREATE INDEX ix_document_company_sha ON public.document USING btree (company_id, sha256);
CREATE INDEX ix_document_event_document_id ON public.document_event USING btree (document_id);
CREATE INDEX ix_document_month ON public.document USING btree (month);
CREATE INDEX ix_document_office_id ON public.document USING btree (office_id);
CREATE INDEX ix_document_status ON public.document USING btree (status);
CREATE INDEX ix_extraction_invoice_number ON public.extraction USING btree (invoice_number);
CREATE INDEX ix_inbound_email_company_id ON public.inbound_email USING btree (company_id);
CREATE INDEX ix_inbound_email_message_id ON public.inbound_email USING btree (message_id);
CREATE INDEX ix_inbound_email_office_id ON public.inbound_email USING btree (office_id);
CREATE INDEX ix_inbound_email_raw_sha256 ON public.inbound_email USING btree (raw_sha256);
CREATE INDEX ix_inbound_part_inbound_email_id ON public.inbound_part USING btree (inbound_email_id);
CREATE INDEX ix_inbound_part_sha256 ON public.inbound_part USING btree (sha256);
CREATE INDEX ix_mail_account_company_id ON public.mail_account USING btree (company_id);
CREATE INDEX ix_mail_account_office_id ON public.mail_account USING btree (office_id);
CREATE INDEX ix_notification_company_id ON public.notification USING btree (company_id);
CREATE INDEX ix_notification_office_id ON public.notification USING btree (office_id);
CREATE INDEX ix_notification_task_id ON public.notification USING btree (task_id);
CREATE INDEX ix_period_company_id ON public.period USING btree (company_id);
CREATE INDEX ix_period_office_id ON public.period USING btree (office_id);
CREATE INDEX ix_sender_event_at ON public.sender_event USING btree (at);
CREATE INDEX ix_sender_event_company_id ON public.sender_event USING btree (company_id);
CREATE INDEX ix_sender_event_sender ON public.sender_event USING btree (sender);
CREATE INDEX ix_task_assignee_id ON public.task USING btree (assignee_id);
CREATE INDEX ix_task_company_id ON public.task USING btree (company_id);
CREATE INDEX ix_task_office_id ON public.task USING btree (office_id);
CREATE INDEX ix_task_parent_id ON public.task USING btree (parent_id);
CREATE INDEX ix_task_period_id ON public.task USING btree (period_id);
CREATE INDEX ix_user_account_company_id ON public.user_account USING btree (company_id);
CREATE INDEX ix_user_account_office_id ON public.user_account USING btree (office_id);
CREATE UNIQUE INDEX uq_document_original ON public.document USING btree (company_id, sha256) WHERE (duplicate_of_id IS NULL);
ALTER TABLE ONLY public.allowed_sender
    ADD CONSTRAINT fk_allowed_sender_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.company
    ADD CONSTRAINT fk_company_accountant_id_user_account FOREIGN KEY (accountant_id) REFERENCES public.user_account(id);
ALTER TABLE ONLY public.company
    ADD CONSTRAINT fk_company_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.contact
    ADD CONSTRAINT fk_contact_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT fk_document_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT fk_document_duplicate_of_id_document FOREIGN KEY (duplicate_of_id) REFERENCES public.document(id);
ALTER TABLE ONLY public.document_event
    ADD CONSTRAINT fk_document_event_actor_id_user_account FOREIGN KEY (actor_id) REFERENCES public.user_account(id);
ALTER TABLE ONLY public.document_event
    ADD CONSTRAINT fk_document_event_document_id_document FOREIGN KEY (document_id) REFERENCES public.document(id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT fk_document_inbound_email_id_inbound_email FOREIGN KEY (inbound_email_id) REFERENCES public.inbound_email(id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT fk_document_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT fk_document_probable_duplicate_of_id_document FOREIGN KEY (probable_duplicate_of_id) REFERENCES public.document(id);
ALTER TABLE ONLY public.document
    ADD CONSTRAINT fk_document_uploaded_by_id_user_account FOREIGN KEY (uploaded_by_id) REFERENCES public.user_account(id);
ALTER TABLE ONLY public.extraction
    ADD CONSTRAINT fk_extraction_document_id_document FOREIGN KEY (document_id) REFERENCES public.document(id);
ALTER TABLE ONLY public.inbound_email
    ADD CONSTRAINT fk_inbound_email_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.inbound_email
    ADD CONSTRAINT fk_inbound_email_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.inbound_part
    ADD CONSTRAINT fk_inbound_part_document_id_document FOREIGN KEY (document_id) REFERENCES public.document(id);
ALTER TABLE ONLY public.inbound_part
    ADD CONSTRAINT fk_inbound_part_inbound_email_id_inbound_email FOREIGN KEY (inbound_email_id) REFERENCES public.inbound_email(id);
ALTER TABLE ONLY public.mail_account
    ADD CONSTRAINT fk_mail_account_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.mail_account
    ADD CONSTRAINT fk_mail_account_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT fk_notification_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT fk_notification_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT fk_notification_task_id_task FOREIGN KEY (task_id) REFERENCES public.task(id);
ALTER TABLE ONLY public.period
    ADD CONSTRAINT fk_period_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.period
    ADD CONSTRAINT fk_period_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.sender_event
    ADD CONSTRAINT fk_sender_event_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.sender_event
    ADD CONSTRAINT fk_sender_event_inbound_email_id_inbound_email FOREIGN KEY (inbound_email_id) REFERENCES public.inbound_email(id);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT fk_task_assignee_id_user_account FOREIGN KEY (assignee_id) REFERENCES public.user_account(id);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT fk_task_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT fk_task_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT fk_task_parent_id_task FOREIGN KEY (parent_id) REFERENCES public.task(id);
ALTER TABLE ONLY public.task
    ADD CONSTRAINT fk_task_period_id_period FOREIGN KEY (period_id) REFERENCES public.period(id);
ALTER TABLE ONLY public.user_account
    ADD CONSTRAINT fk_user_account_company_id_company FOREIGN KEY (company_id) REFERENCES public.company(id);
ALTER TABLE ONLY public.user_account
    ADD CONSTRAINT fk_user_account_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
ALTER TABLE ONLY public.work_policy
    ADD CONSTRAINT fk_work_policy_office_id_office FOREIGN KEY (office_id) REFERENCES public.office(id);
