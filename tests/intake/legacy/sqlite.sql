BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0004_work');
INSERT INTO "alembic_version" VALUES('0003_inbox');
INSERT INTO "alembic_version" VALUES('0002_pipeline');
CREATE TABLE allowed_sender (
	id INTEGER NOT NULL, 
	company_id INTEGER NOT NULL, 
	address VARCHAR(254) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_allowed_sender PRIMARY KEY (id), 
	CONSTRAINT fk_allowed_sender_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT uq_allowed_sender_company_id UNIQUE (company_id, address)
);
INSERT INTO "allowed_sender" VALUES(1,1,'@firma.pl','2026-12-01 15:01:21.527612');
CREATE TABLE company (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	nip VARCHAR(20) NOT NULL, 
	inbox_code VARCHAR(40) NOT NULL, 
	pin_hash VARCHAR(200), 
	accountant_id INTEGER, 
	deadline_day INTEGER, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_company PRIMARY KEY (id), 
	CONSTRAINT fk_company_accountant_id_user_account FOREIGN KEY(accountant_id) REFERENCES user_account (id), 
	CONSTRAINT fk_company_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_company_inbox_code UNIQUE (inbox_code), 
	CONSTRAINT uq_company_office_id UNIQUE (office_id, nip)
);
INSERT INTO "company" VALUES(1,1,'Piekarnia Złoty Kłos sp. z o.o.','5260250274','zloty-klos','$argon2id$v=19$m=65536,t=3,p=4$BoiewtwP1jIUzcxy+4bp8A$n6Xe+4cCVn4f6P9NKY62iT6RwWUTxUk3cKs7dPmWrF8',2,NULL,'2026-12-01 15:01:19.976026');
INSERT INTO "company" VALUES(2,1,'Auto-Serwis Kowalski','7740001454','kowalski','$argon2id$v=19$m=65536,t=3,p=4$Ui3CRVGxkLhRaiDjiK5eww$3hsA7VejeQjDFM9H//inOIDKR1zyhFEqOjSwu2I5Bs4',2,NULL,'2026-12-01 15:01:20.159160');
INSERT INTO "company" VALUES(3,1,'Studio Graficzne Pixel S.A.','1132853869','pixel','$argon2id$v=19$m=65536,t=3,p=4$IvE74exVUiqYcngxL5IpLA$gI58eDUZOH53OT+9uY7PU1mFFpODm3kn+YPzLeZGAXU',3,NULL,'2026-12-01 15:01:20.347267');
CREATE TABLE contact (
	id INTEGER NOT NULL, 
	company_id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	email VARCHAR(254), 
	phone VARCHAR(32), 
	CONSTRAINT pk_contact PRIMARY KEY (id), 
	CONSTRAINT fk_contact_company_id_company FOREIGN KEY(company_id) REFERENCES company (id)
);
INSERT INTO "contact" VALUES(1,1,'Kontakt Piekarnia','klient1@demo.intake','+48600100200');
INSERT INTO "contact" VALUES(2,2,'Kontakt Auto-Serwis','klient2@demo.intake','+48600100200');
INSERT INTO "contact" VALUES(3,3,'Kontakt Studio','klient3@demo.intake','+48600100200');
CREATE TABLE document (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	company_id INTEGER NOT NULL, 
	month VARCHAR(7), 
	month_chosen BOOLEAN NOT NULL, 
	source VARCHAR(10) NOT NULL, 
	filename VARCHAR(255) NOT NULL, 
	media_type VARCHAR(100) NOT NULL, 
	size INTEGER NOT NULL, 
	pages INTEGER NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	storage_key VARCHAR(300) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	error TEXT, 
	attempts INTEGER NOT NULL, 
	lease_until DATETIME, 
	duplicate_of_id INTEGER, 
	probable_duplicate_of_id INTEGER, 
	uploaded_by_id INTEGER, 
	inbound_email_id INTEGER, 
	late BOOLEAN NOT NULL, 
	updated_at DATETIME NOT NULL, 
	created_at DATETIME NOT NULL, claim_token VARCHAR(64), 
	CONSTRAINT pk_document PRIMARY KEY (id), 
	CONSTRAINT fk_document_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT fk_document_duplicate_of_id_document FOREIGN KEY(duplicate_of_id) REFERENCES document (id), 
	CONSTRAINT fk_document_inbound_email_id_inbound_email FOREIGN KEY(inbound_email_id) REFERENCES inbound_email (id), 
	CONSTRAINT fk_document_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT fk_document_probable_duplicate_of_id_document FOREIGN KEY(probable_duplicate_of_id) REFERENCES document (id), 
	CONSTRAINT fk_document_uploaded_by_id_user_account FOREIGN KEY(uploaded_by_id) REFERENCES user_account (id)
);
INSERT INTO "document" VALUES(1,1,1,'2026-11',0,'cli','fa3-00.xml','application/xml',1798,1,'6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a','1/6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a','extracted',NULL,1,NULL,NULL,NULL,NULL,1,0,'2026-12-01 15:01:21.532737','2026-12-01 15:01:20.451947','1e41e97a-74c0-4266-b6fd-cbb2d89bf532');
INSERT INTO "document" VALUES(2,1,2,'2026-10',0,'cli','fa3-01.xml','application/xml',2144,1,'73ac797dd11b02f5186a1dbab095f3a84bdddcf67a9a997f6bc7a439402aa625','1/73ac797dd11b02f5186a1dbab095f3a84bdddcf67a9a997f6bc7a439402aa625','approved',NULL,1,NULL,NULL,NULL,NULL,NULL,0,'2026-12-01 15:01:21.541977','2026-12-01 15:01:20.461077','c32712a5-d68d-404d-9c82-18ff2bc88963');
INSERT INTO "document" VALUES(3,1,3,'2026-01',0,'cli','cn-stacked-correction-pdf.pdf','application/pdf',48021,1,'edccc52307814df7b1e681f7ff2a66bec715ba004f04162ebe9dcff0a22e29f9','1/edccc52307814df7b1e681f7ff2a66bec715ba004f04162ebe9dcff0a22e29f9','rejected','nieczytelna',1,NULL,NULL,NULL,NULL,NULL,0,'2026-12-01 15:01:21.542261','2026-12-01 15:01:20.477140','7c79b178-fdc3-4fe6-8d31-4c0b8b3b1952');
INSERT INTO "document" VALUES(4,1,1,'2025-12',0,'cli','inv-band-pdf.pdf','application/pdf',47012,1,'29646af455626a4538187f4f260c550670a1f7260dba544f2a23a554ef9d9160','1/29646af455626a4538187f4f260c550670a1f7260dba544f2a23a554ef9d9160','needs_review',NULL,1,NULL,NULL,NULL,NULL,NULL,0,'2026-12-01 15:01:21.544103','2026-12-01 15:01:20.501254','ed5b360b-7623-4d2c-aa72-d6904b85a84d');
INSERT INTO "document" VALUES(5,1,2,'2025-08',0,'cli','inv-compact-photo.jpg','image/jpeg',260089,1,'6857c546848265cf821944d7c2c72e5b9a48bbf644a10911f54175a85e9957b8','1/6857c546848265cf821944d7c2c72e5b9a48bbf644a10911f54175a85e9957b8','extracted',NULL,1,NULL,NULL,NULL,NULL,NULL,0,'2026-12-01 15:01:21.375345','2026-12-01 15:01:20.558302','6c95a739-091b-4cb7-b6cf-432e8f1be5d4');
INSERT INTO "document" VALUES(6,1,3,'2025-06',0,'cli','inv-under-scan.jpg','image/jpeg',381837,1,'a347f21985498dd5faa785f57c4d52ba2cfa1adfc49db302115fe64ef682dfa8','1/a347f21985498dd5faa785f57c4d52ba2cfa1adfc49db302115fe64ef682dfa8','extracted',NULL,1,NULL,NULL,NULL,NULL,NULL,0,'2026-12-01 15:01:21.456406','2026-12-01 15:01:20.564019','56d0e738-1aa9-4a3c-baab-ac3faa78917f');
INSERT INTO "document" VALUES(7,1,1,NULL,0,'portal','fa3-00.xml','application/xml',1798,1,'6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a','1/6da4140e62f77de374ac3db120d62f883eedb62fa9f6d32f3a51dc9e91b2a60a','duplicate',NULL,0,NULL,1,NULL,NULL,NULL,0,'2026-12-01 15:01:21.546575','2026-12-01 15:01:21.546227',NULL);
CREATE TABLE document_event (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor_id INTEGER, 
	actor VARCHAR(200) NOT NULL, 
	from_status VARCHAR(20), 
	to_status VARCHAR(20), 
	note TEXT, 
	CONSTRAINT pk_document_event PRIMARY KEY (id), 
	CONSTRAINT fk_document_event_actor_id_user_account FOREIGN KEY(actor_id) REFERENCES user_account (id), 
	CONSTRAINT fk_document_event_document_id_document FOREIGN KEY(document_id) REFERENCES document (id)
);
INSERT INTO "document_event" VALUES(1,1,'2026-12-01 15:01:20.452871',NULL,'cli','received',NULL,'received via cli: fa3-00.xml');
INSERT INTO "document_event" VALUES(2,1,'2026-12-01 15:01:20.460292',NULL,'worker','received','processing','reading, attempt 1');
INSERT INTO "document_event" VALUES(3,2,'2026-12-01 15:01:20.461370',NULL,'cli','received',NULL,'received via cli: fa3-01.xml');
INSERT INTO "document_event" VALUES(4,2,'2026-12-01 15:01:20.468438',NULL,'worker','received','processing','reading, attempt 1');
INSERT INTO "document_event" VALUES(5,1,'2026-12-01 15:01:20.476830',NULL,'worker','processing','extracted',NULL);
INSERT INTO "document_event" VALUES(6,2,'2026-12-01 15:01:20.482037',NULL,'worker','processing','extracted',NULL);
INSERT INTO "document_event" VALUES(7,3,'2026-12-01 15:01:20.487839',NULL,'cli','received',NULL,'received via cli: cn-stacked-correction-pdf.pdf');
INSERT INTO "document_event" VALUES(8,3,'2026-12-01 15:01:20.491771',NULL,'worker','received','processing','reading, attempt 1');
INSERT INTO "document_event" VALUES(9,4,'2026-12-01 15:01:20.519248',NULL,'cli','received',NULL,'received via cli: inv-band-pdf.pdf');
INSERT INTO "document_event" VALUES(10,4,'2026-12-01 15:01:20.530105',NULL,'worker','received','processing','reading, attempt 1');
INSERT INTO "document_event" VALUES(11,5,'2026-12-01 15:01:20.559030',NULL,'cli','received',NULL,'received via cli: inv-compact-photo.jpg');
INSERT INTO "document_event" VALUES(12,6,'2026-12-01 15:01:20.564611',NULL,'cli','received',NULL,'received via cli: inv-under-scan.jpg');
INSERT INTO "document_event" VALUES(13,4,'2026-12-01 15:01:20.579744',NULL,'worker','processing','extracted',NULL);
INSERT INTO "document_event" VALUES(14,3,'2026-12-01 15:01:20.585060',NULL,'worker','processing','extracted',NULL);
INSERT INTO "document_event" VALUES(15,5,'2026-12-01 15:01:20.588298',NULL,'worker','received','processing','reading, attempt 1');
INSERT INTO "document_event" VALUES(16,6,'2026-12-01 15:01:20.593424',NULL,'worker','received','processing','reading, attempt 1');
INSERT INTO "document_event" VALUES(17,5,'2026-12-01 15:01:21.375458',NULL,'worker','processing','extracted',NULL);
INSERT INTO "document_event" VALUES(18,6,'2026-12-01 15:01:21.457151',NULL,'worker','processing','extracted',NULL);
INSERT INTO "document_event" VALUES(19,2,'2026-12-01 15:01:21.542842',2,'ksiegowa1@demo.intake','extracted','approved',NULL);
INSERT INTO "document_event" VALUES(20,3,'2026-12-01 15:01:21.542844',2,'ksiegowa1@demo.intake','extracted','rejected','nieczytelna');
INSERT INTO "document_event" VALUES(21,4,'2026-12-01 15:01:21.544226',NULL,'worker','extracted','needs_review','the invoice number was not found');
INSERT INTO "document_event" VALUES(22,7,'2026-12-01 15:01:21.546735',NULL,'portal','received',NULL,'received via portal: fa3-00.xml');
INSERT INTO "document_event" VALUES(23,7,'2026-12-01 15:01:21.546736',NULL,'portal','received','duplicate','same file as document 1');
CREATE TABLE extraction (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	source VARCHAR(20), 
	fields JSON NOT NULL, 
	confidence JSON NOT NULL, 
	problems JSON NOT NULL, 
	corrected JSON NOT NULL, 
	text TEXT NOT NULL, 
	elapsed_ms INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, invoice_number VARCHAR(100), seller_tax_id VARCHAR(32), 
	CONSTRAINT pk_extraction PRIMARY KEY (id), 
	CONSTRAINT fk_extraction_document_id_document FOREIGN KEY(document_id) REFERENCES document (id), 
	CONSTRAINT uq_extraction_document_id UNIQUE (document_id)
);
INSERT INTO "extraction" VALUES(1,1,'ksef-xml','{"kind": "invoice", "invoice_number": "F/00196/26", "issue_date": "2026-11-24", "sale_date": "2026-11-22", "due_date": "2026-12-08", "seller_name": "Gabinet Fizjoterapii Marek Kami\u0144ska", "seller_tax_id": "5119020686", "buyer_name": "Inwestcom sp. z o.o.", "buyer_tax_id": "4068901607", "currency": "PLN", "net_total": "1398.70", "vat_total": "321.70", "gross_total": "1720.40", "bank_account": "PL32286221614826809369680238", "vat_breakdown": [{"rate": "23", "net": "1398.70", "vat": "321.70"}]}','{"kind": 1.0, "invoice_number": 1.0, "issue_date": 1.0, "sale_date": 1.0, "due_date": 1.0, "seller_name": 1.0, "seller_tax_id": 1.0, "buyer_name": 1.0, "buyer_tax_id": 1.0, "currency": 1.0, "net_total": 1.0, "vat_total": 1.0, "gross_total": 1.0, "bank_account": 1.0, "vat_breakdown": 1.0}','[]','[]','FA 3 2026-11-24T10:00:00Z Intake samples 5119020686 Gabinet Fizjoterapii Marek Kamińska PL al. Jerozolimskie 125/18 30-001 Kraków 4068901607 Inwestcom sp. z o.o. PL ul. Świętokrzyska 171/37 35-064 Rzeszów 2 2 PLN 2026-11-24 F/00196/26 2026-11-22 1398.70 321.70 1720.40 2 2 2 2 1 1 2 1 VAT 1 Montaż instalacji elektrycznej usł. 1 1398.70 1398.70 23 2026-12-08 6 32286221614826809369680238',0,'2026-12-01 15:01:20.467433','F/00196/26','5119020686');
INSERT INTO "extraction" VALUES(2,2,'ksef-xml','{"kind": "invoice", "invoice_number": "F/00278/26", "issue_date": "2026-10-20", "sale_date": "2026-10-10", "due_date": "2026-11-19", "seller_name": "Ekonet Sp. z o.o. Sp. k.", "seller_tax_id": "4769857081", "buyer_name": "Agroserwis S.A.", "buyer_tax_id": "2562212234", "currency": "PLN", "net_total": "14673.04", "vat_total": "1708.24", "gross_total": "16381.28", "bank_account": "PL80101536602856250482126749", "vat_breakdown": [{"rate": "23", "net": "5414.32", "vat": "1245.30"}, {"rate": "5", "net": "9258.72", "vat": "462.94"}]}','{"kind": 1.0, "invoice_number": 1.0, "issue_date": 1.0, "sale_date": 1.0, "due_date": 1.0, "seller_name": 1.0, "seller_tax_id": 1.0, "buyer_name": 1.0, "buyer_tax_id": 1.0, "currency": 1.0, "net_total": 1.0, "vat_total": 1.0, "gross_total": 1.0, "bank_account": 1.0, "vat_breakdown": 1.0}','[]','[]','FA 3 2026-10-20T10:00:00Z Intake samples 4769857081 Ekonet Sp. z o.o. Sp. k. PL ul. Polna 95 00-950 Warszawa 2562212234 Agroserwis S.A. PL os. Różane 76/16 40-002 Katowice 2 2 PLN 2026-10-20 F/00278/26 2026-10-10 5414.32 1245.30 9258.72 462.94 16381.28 2 2 2 2 1 1 2 1 VAT 1 Usługa księgowa za miesiąc usł. 5 882.11 4410.55 23 2 Woda mineralna 1,5 l zgrz. 3 3086.24 9258.72 5 3 Kabel miedziany YDY 3x2,5 m 1 1003.77 1003.77 23 2026-11-19 6 PL80101536602856250482126749',3,'2026-12-01 15:01:20.481047','F/00278/26','4769857081');
INSERT INTO "extraction" VALUES(3,4,'pdf-text','{"kind": "invoice", "invoice_number": "FV 169/2025", "issue_date": "2025-12-30", "sale_date": "2025-12-25", "due_date": "2026-01-29", "seller_name": "Transcom Sp. z o.o.", "seller_tax_id": "7686519503", "buyer_name": "Hansa Office Supplies GmbH", "buyer_tax_id": "631967686", "currency": "EUR", "net_total": "7563.10", "vat_total": "0.00", "gross_total": "7563.10", "bank_account": "PL03128957489706693697036872", "vat_breakdown": [{"rate": "np", "net": "7563.10", "vat": "0.00"}]}','{"kind": 0.9, "invoice_number": 0.8, "issue_date": 0.95, "sale_date": 0.95, "due_date": 0.95, "currency": 0.75, "seller_name": 0.8, "seller_tax_id": 0.95, "buyer_name": 0.8, "buyer_tax_id": 0.95, "net_total": 0.95, "vat_total": 0.95, "gross_total": 0.95, "vat_breakdown": 0.9, "bank_account": 0.95}','["the invoice number was not found"]','[]','Invoice FV 169/2025
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
Page 1',44,'2026-12-01 15:01:20.577911','FV169/2025','7686519503');
INSERT INTO "extraction" VALUES(4,3,'pdf-text','{"kind": "correction", "invoice_number": "87/01/2026", "issue_date": "2026-01-04", "sale_date": "2026-01-04", "due_date": "2026-02-03", "seller_name": "Printland sp. z o.o.", "seller_tax_id": "8260451175", "buyer_name": "Nordwind Logistik GmbH", "buyer_tax_id": "174009309", "currency": "EUR", "net_total": "-9146.72", "vat_total": "-2103.74", "gross_total": "-11250.46", "bank_account": "PL33111038550387222231638710", "vat_breakdown": [{"rate": "23", "net": "-9146.72", "vat": "-2103.74"}]}','{"kind": 0.9, "invoice_number": 0.8, "issue_date": 0.95, "sale_date": 0.95, "due_date": 0.95, "currency": 0.75, "seller_name": 0.8, "seller_tax_id": 0.95, "buyer_name": 0.8, "buyer_tax_id": 0.95, "net_total": 0.95, "vat_total": 0.95, "gross_total": 0.95, "vat_breakdown": 0.9, "bank_account": 0.95}','[]','[]','CORRECTIVE INVOICE 87/01/2026
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
Page 1',83,'2026-12-01 15:01:20.580532','87/01/2026','8260451175');
INSERT INTO "extraction" VALUES(5,5,'ocr','{"kind": "invoice", "invoice_number": "467/09/2025", "issue_date": "2025-09-05", "sale_date": "2025-08-31", "due_date": "2025-10-05", "seller_name": "Agrobud sp. z o.o.", "seller_tax_id": "9969894362", "buyer_name": "Nordwind Logistik GmbH", "buyer_tax_id": "500452578", "currency": "EUR", "net_total": "115867.88", "vat_total": "0.00", "gross_total": "115867.88", "bank_account": "PL72157763303219488302340780", "vat_breakdown": [{"rate": "np", "net": "115867.88", "vat": "0.00"}]}','{"kind": 0.81, "invoice_number": 0.5, "issue_date": 0.815, "sale_date": 0.823, "due_date": 0.817, "currency": 0.675, "seller_name": 0.72, "seller_tax_id": 0.855, "buyer_name": 0.72, "buyer_tax_id": 0.855, "net_total": 0.855, "vat_total": 0.855, "gross_total": 0.855, "vat_breakdown": 0.81, "bank_account": 0.855}','[]','[]','Agrobud sp. z 0.0.  Invoice 467/09/2025
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
Page 1',783,'2026-12-01 15:01:21.374370','467/09/2025','9969894362');
INSERT INTO "extraction" VALUES(6,6,'ocr','{"kind": "invoice", "invoice_number": "FA/2025/06/333", "issue_date": "2025-06-25", "sale_date": "2025-06-20", "due_date": "2025-07-09", "seller_name": "Komcom sp. z o.o.", "seller_tax_id": "7586697725", "buyer_name": "Alpenblick Software GmbH", "buyer_tax_id": "167290579", "currency": "EUR", "net_total": "12486.23", "vat_total": "0.00", "gross_total": "12486.23", "bank_account": "PL39258509785699228820066463", "vat_breakdown": [{"rate": "np", "net": "12486.23", "vat": "0.00"}]}','{"kind": 0.81, "invoice_number": 0.657, "issue_date": 0.826, "sale_date": 0.828, "due_date": 0.825, "currency": 0.675, "seller_name": 0.72, "seller_tax_id": 0.855, "buyer_name": 0.72, "buyer_tax_id": 0.855, "net_total": 0.855, "vat_total": 0.855, "gross_total": 0.855, "vat_breakdown": 0.81, "bank_account": 0.855}','[]','[]','Komcom sp. z 0.0.  Invoice FA/2025/06/333
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
Page 1',859,'2026-12-01 15:01:21.455396','FA/2025/06/333','7586697725');
CREATE TABLE "inbound_email" (
	id INTEGER NOT NULL, 
	office_id INTEGER, 
	company_id INTEGER, 
	account VARCHAR(300) NOT NULL, 
	uidvalidity BIGINT NOT NULL, 
	uid BIGINT NOT NULL, 
	message_id VARCHAR(998), 
	sender VARCHAR(320), 
	subject TEXT, 
	status VARCHAR(20) NOT NULL, 
	note TEXT, 
	storage_key VARCHAR(300), 
	done_at DATETIME, 
	created_at DATETIME NOT NULL, 
	raw_sha256 VARCHAR(64), 
	attempts INTEGER DEFAULT '0' NOT NULL, 
	month VARCHAR(7), 
	CONSTRAINT pk_inbound_email PRIMARY KEY (id), 
	CONSTRAINT fk_inbound_email_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_inbound_email_account UNIQUE (account, uidvalidity, uid), 
	CONSTRAINT fk_inbound_email_company_id_company FOREIGN KEY(company_id) REFERENCES company (id)
);
INSERT INTO "inbound_email" VALUES(1,1,1,'catch-all:docs@intake.localhost/INBOX',4000000000,7,'<m1@x>','kasia@firma.pl','Faktury [4821] 10/2026','imported','ok',NULL,'2026-12-01 15:01:21.525365','2026-12-01 15:01:21.526247','abababababababababababababababababababababababababababababababab',1,'2026-10');
CREATE TABLE inbound_part (
	id INTEGER NOT NULL, 
	inbound_email_id INTEGER NOT NULL, 
	sender VARCHAR(320), 
	sha256 VARCHAR(64) NOT NULL, 
	filename VARCHAR(255) NOT NULL, 
	media_type VARCHAR(100) NOT NULL, 
	size INTEGER NOT NULL, 
	outcome VARCHAR(12) NOT NULL, 
	document_id INTEGER, 
	note TEXT, 
	CONSTRAINT pk_inbound_part PRIMARY KEY (id), 
	CONSTRAINT fk_inbound_part_document_id_document FOREIGN KEY(document_id) REFERENCES document (id), 
	CONSTRAINT fk_inbound_part_inbound_email_id_inbound_email FOREIGN KEY(inbound_email_id) REFERENCES inbound_email (id)
);
INSERT INTO "inbound_part" VALUES(1,1,'kasia@firma.pl','cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd','fv.pdf','application/pdf',1234,'document',1,NULL);
CREATE TABLE mail_account (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	company_id INTEGER, 
	name VARCHAR(100) NOT NULL, 
	host VARCHAR(253) NOT NULL, 
	port INTEGER NOT NULL, 
	security VARCHAR(10) NOT NULL, 
	username VARCHAR(254) NOT NULL, 
	password_token TEXT NOT NULL, 
	folder VARCHAR(200) NOT NULL, 
	processed_folder VARCHAR(200) NOT NULL, 
	rejected_folder VARCHAR(200) NOT NULL, 
	address VARCHAR(254), 
	active BOOLEAN NOT NULL, 
	last_polled_at DATETIME, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_mail_account PRIMARY KEY (id), 
	CONSTRAINT fk_mail_account_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT fk_mail_account_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_mail_account_office_id UNIQUE (office_id, name)
);
INSERT INTO "mail_account" VALUES(1,1,1,'biuro','imap.biuro.pl',993,'tls','docs@biuro.pl','gAAAAABrDuFBzRrtDgaJ8aAglvToUDc4q47jdAuQLVe19xbsGxbXhJ0bxlMbOlR8lXt3i_fq0puwaFkVthe5fGnZ9akPV_WZsQ==','INBOX','Processed','Rejected','docs@biuro.pl',1,NULL,NULL,'2026-12-01 15:01:21.537620');
CREATE TABLE mailbox_state (
	account VARCHAR(300) NOT NULL, 
	uidvalidity BIGINT, 
	lease_owner VARCHAR(200), 
	lease_until DATETIME, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_mailbox_state PRIMARY KEY (account)
);
INSERT INTO "mailbox_state" VALUES('catch-all:docs@intake.localhost/INBOX',4000000000,NULL,NULL,'2026-12-01 15:01:21.530504');
CREATE TABLE "notification" (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	company_id INTEGER, 
	channel VARCHAR(10) NOT NULL, 
	recipient VARCHAR(320) NOT NULL, 
	subject VARCHAR(300), 
	body TEXT NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	error TEXT, 
	sent_at DATETIME, 
	created_at DATETIME NOT NULL, 
	kind VARCHAR(40), 
	"key" VARCHAR(200), 
	task_id INTEGER, 
	attempts INTEGER DEFAULT '0' NOT NULL, 
	last_attempt_at DATETIME, 
	data JSON DEFAULT '{}' NOT NULL, 
	CONSTRAINT pk_notification PRIMARY KEY (id), 
	CONSTRAINT fk_notification_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT fk_notification_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_notification_key UNIQUE ("key"), 
	CONSTRAINT fk_notification_task_id_task FOREIGN KEY(task_id) REFERENCES task (id)
);
INSERT INTO "notification" VALUES(1,1,1,'email','ksiegowa1@demo.intake','Nowe zadanie: Oblicz podatki: Piekarnia Złoty Kłos sp. z o.o., 11/2026','Dzień dobry,

pojawiło się zadanie „Oblicz podatki: Piekarnia Złoty Kłos sp. z o.o., 11/2026”.
Termin: 15.12.2026.

http://127.0.0.1:8000/staff/
','sent',NULL,'2026-12-01 15:01:21.516390','2026-12-01 15:01:21.491623','task_created','task_created:1:2',1,1,'2026-12-01 15:01:21.496632','{"gateway_id": "<179613728151.17671.16762000666029223466@localhost>"}');
INSERT INTO "notification" VALUES(2,1,1,'email','klient1@demo.intake','Otrzymaliśmy komplet dokumentów za 11/2026','Dzień dobry,

otrzymaliśmy komplet dokumentów firmy Piekarnia Złoty Kłos sp. z o.o. za 11/2026. Dziękujemy! Rozliczenie przygotuje Barbara Księgowa.

Status dokumentów: http://127.0.0.1:8000/client/

Biuro Rachunkowe Demo
','sent',NULL,'2026-12-01 15:01:21.515469','2026-12-01 15:01:21.495442','period_closed','period_closed:1:2026-11:0:1',NULL,1,'2026-12-01 15:01:21.498495','{"gateway_id": "<179613728151.17671.12487742170348258767@localhost>"}');
INSERT INTO "notification" VALUES(3,1,1,'email','ksiegowa1@demo.intake','Nowe zadanie: Wyślij deklaracje (JPK_V7): Piekarnia Złoty Kłos sp. z o.o., 11/2026','Dzień dobry,

pojawiło się zadanie „Wyślij deklaracje (JPK_V7): Piekarnia Złoty Kłos sp. z o.o., 11/2026”.
Termin: 28.12.2026.

http://127.0.0.1:8000/staff/
','sent',NULL,'2026-12-01 15:01:21.564377','2026-12-01 15:01:21.551109','task_created','task_created:2:2',2,1,'2026-12-01 15:01:21.555206','{"gateway_id": "<179613728156.17671.14169321976943301704@localhost>"}');
INSERT INTO "notification" VALUES(4,1,1,'email','klient1@demo.intake','Podatki do zapłaty za 11/2026: Piekarnia Złoty Kłos sp. z o.o.','Dzień dobry,

rozliczyliśmy 11/2026 dla firmy Piekarnia Złoty Kłos sp. z o.o.. Do zapłaty:

  VAT: 1 234,56 zł (termin 28.12.2026)
  PIT (zaliczka): 0,00 zł (termin 21.12.2026)

Prosimy o akceptację: http://127.0.0.1:8000/client/approve/eyJ0YXNrIjoxLCJjb21wYW55IjoxfQ.aw7hQQ.TyKbpG9WiNvs7fu78nLjq8x2W8A

Szczegóły w portalu: http://127.0.0.1:8000/client/

Pozdrawiam,
Barbara Księgowa
Biuro Rachunkowe Demo
','sent',NULL,'2026-12-01 15:01:21.563442','2026-12-01 15:01:21.553646','tax_due','tax_due:1:1:email',1,1,'2026-12-01 15:01:21.556568','{"headers": {"Reply-To": "ksiegowa1@demo.intake"}, "gateway_id": "<179613728155.17671.862060572942532062@localhost>"}');
INSERT INTO "notification" VALUES(5,1,1,'sms','+48600100200',NULL,'Piekarnia Złoty Kłos sp. z o.o. 11/2026: VAT 1 234,56 zł do 28.12, PIT 0,00 zł do 21.12. Prosimy o akceptację: http://127.0.0.1:8000/client/approve/eyJ0YXNrIjoxLCJjb21wYW55IjoxfQ.aw7hQQ.TyKbpG9WiNvs7fu78nLjq8x2W8A Barbara Księgowa, Biuro Rachunkowe Demo','sent',NULL,'2026-12-01 15:01:21.569375','2026-12-01 15:01:21.554131','tax_due','tax_due:1:1:sms',1,1,'2026-12-01 15:01:21.565481','{"gateway_id": null}');
CREATE TABLE office (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	deadline_day INTEGER NOT NULL, 
	locale VARCHAR(5) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_office PRIMARY KEY (id), 
	CONSTRAINT uq_office_name UNIQUE (name)
);
INSERT INTO "office" VALUES(1,'Biuro Rachunkowe Demo',10,'pl','2026-12-01 15:01:19.600961');
CREATE TABLE period (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	company_id INTEGER NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	state VARCHAR(10) NOT NULL, 
	confirmed_at DATETIME, 
	confirmed_by VARCHAR(200), 
	closed_at DATETIME, 
	reopen_count INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_period PRIMARY KEY (id), 
	CONSTRAINT fk_period_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT fk_period_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_period_company_id UNIQUE (company_id, month)
);
INSERT INTO "period" VALUES(1,1,1,'2026-11','closed','2026-12-01 15:01:20.568911','klient1@demo.intake','2026-12-01 15:01:21.466985',0,'2026-12-01 15:01:20.568445');
CREATE TABLE sender_event (
	id INTEGER NOT NULL, 
	company_id INTEGER, 
	sender VARCHAR(320) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	at DATETIME NOT NULL, 
	until DATETIME, 
	inbound_email_id INTEGER, 
	CONSTRAINT pk_sender_event PRIMARY KEY (id), 
	CONSTRAINT fk_sender_event_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT fk_sender_event_inbound_email_id_inbound_email FOREIGN KEY(inbound_email_id) REFERENCES inbound_email (id)
);
INSERT INTO "sender_event" VALUES(1,1,'zly@spam.pl','wrong_pin','2026-12-01 15:01:21.530901',NULL,1);
CREATE TABLE "task" (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	company_id INTEGER, 
	period_id INTEGER, 
	kind VARCHAR(40) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	assignee_id INTEGER, 
	status VARCHAR(10) NOT NULL, 
	due_on DATE, 
	done_at DATETIME, 
	data JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	"key" VARCHAR(120), 
	parent_id INTEGER, 
	CONSTRAINT pk_task PRIMARY KEY (id), 
	CONSTRAINT fk_task_assignee_id_user_account FOREIGN KEY(assignee_id) REFERENCES user_account (id), 
	CONSTRAINT fk_task_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT fk_task_period_id_period FOREIGN KEY(period_id) REFERENCES period (id), 
	CONSTRAINT fk_task_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT uq_task_key UNIQUE ("key"), 
	CONSTRAINT fk_task_parent_id_task FOREIGN KEY(parent_id) REFERENCES task (id)
);
INSERT INTO "task" VALUES(1,1,1,1,'calculate_tax','Oblicz podatki: Piekarnia Złoty Kłos sp. z o.o., 11/2026',2,'done','2026-12-15','2026-12-01 15:01:21.548689','{"month": "2026-11", "reopen_count": 0, "done_by": 2, "done_by_name": "Barbara Ksi\u0119gowa", "note": "legacy note", "amounts": {"VAT": "1234.56", "PIT": "0.00"}, "due_dates": {"VAT": "2026-12-28", "PIT": "2026-12-21"}, "approval": {"required": true, "approved_at": null}}','2026-12-01 15:01:21.485513','period:1:calculate_tax',NULL);
INSERT INTO "task" VALUES(2,1,1,1,'send_declaration','Wyślij deklaracje (JPK_V7): Piekarnia Złoty Kłos sp. z o.o., 11/2026',2,'open','2026-12-28',NULL,'{"month": "2026-11"}','2026-12-01 15:01:21.550058','task:1:send_declaration',1);
CREATE TABLE user_account (
	id INTEGER NOT NULL, 
	office_id INTEGER NOT NULL, 
	company_id INTEGER, 
	email VARCHAR(254) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role VARCHAR(10) NOT NULL, 
	password_hash VARCHAR(200) NOT NULL, 
	phone VARCHAR(32), 
	locale VARCHAR(5), 
	active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_user_account PRIMARY KEY (id), 
	CONSTRAINT fk_user_account_company_id_company FOREIGN KEY(company_id) REFERENCES company (id), 
	CONSTRAINT fk_user_account_office_id_office FOREIGN KEY(office_id) REFERENCES office (id), 
	CONSTRAINT uq_user_account_email UNIQUE (email)
);
INSERT INTO "user_account" VALUES(1,1,NULL,'wlasciciel@demo.intake','Anna Właścicielka','owner','$argon2id$v=19$m=65536,t=3,p=4$nEoZZNJ3HNb3s8dETpDb8w$vZHoovlES6d2kkerM8dIrHRBLt16mkyHYlVki7GTZVk',NULL,NULL,1,'2026-12-01 15:01:19.686416');
INSERT INTO "user_account" VALUES(2,1,NULL,'ksiegowa1@demo.intake','Barbara Księgowa','staff','$argon2id$v=19$m=65536,t=3,p=4$dLlb9+2QPNtaRcWzFfUVYQ$V1xwF/T8AAXSlR0a1C19UqBEKFSzLWzSWnDVHGYkhYo',NULL,NULL,1,'2026-12-01 15:01:19.779912');
INSERT INTO "user_account" VALUES(3,1,NULL,'ksiegowy2@demo.intake','Cezary Księgowy','staff','$argon2id$v=19$m=65536,t=3,p=4$qS6D1oRdz08DBSTpGr1TBg$4h4978MWILDyyzRCsBG6OSBXxjAjYVMXKGQkOVS3hYQ',NULL,NULL,1,'2026-12-01 15:01:19.877359');
INSERT INTO "user_account" VALUES(4,1,1,'klient1@demo.intake','Klient Piekarnia','client','$argon2id$v=19$m=65536,t=3,p=4$M2hNrfdsvyccVvQVoEIApw$OwrOEaUFsVCXB217AZBx+A9UgrHBpVPNHpHJN/kniUc',NULL,NULL,1,'2026-12-01 15:01:20.071201');
INSERT INTO "user_account" VALUES(5,1,2,'klient2@demo.intake','Klient Auto-Serwis','client','$argon2id$v=19$m=65536,t=3,p=4$qgrMeNeJfbetsGNxSra3Tg$J95pRp4jpp86BOF7IQIVy8KRNyr2lVjg1LNKcOK434A',NULL,NULL,1,'2026-12-01 15:01:20.254670');
INSERT INTO "user_account" VALUES(6,1,3,'klient3@demo.intake','Klient Studio','client','$argon2id$v=19$m=65536,t=3,p=4$+pzk7I9JzzWiPMo6GOBitA$uxPvOyVzGU2RyGLyKmPlQHxfgnmLXr7sg1VADCf5TaY',NULL,NULL,1,'2026-12-01 15:01:20.443775');
CREATE TABLE work_policy (
	office_id INTEGER NOT NULL, 
	approval_required BOOLEAN NOT NULL, 
	remind_after_days INTEGER NOT NULL, 
	CONSTRAINT pk_work_policy PRIMARY KEY (office_id), 
	CONSTRAINT fk_work_policy_office_id_office FOREIGN KEY(office_id) REFERENCES office (id)
);
INSERT INTO "work_policy" VALUES(1,1,3);
CREATE INDEX ix_company_office_id ON company (office_id);
CREATE INDEX ix_contact_company_id ON contact (company_id);
CREATE INDEX ix_period_company_id ON period (company_id);
CREATE INDEX ix_period_office_id ON period (office_id);
CREATE INDEX ix_user_account_company_id ON user_account (company_id);
CREATE INDEX ix_user_account_office_id ON user_account (office_id);
CREATE INDEX ix_document_company_id ON document (company_id);
CREATE INDEX ix_document_company_sha ON document (company_id, sha256);
CREATE INDEX ix_document_month ON document (month);
CREATE INDEX ix_document_office_id ON document (office_id);
CREATE INDEX ix_document_status ON document (status);
CREATE INDEX ix_document_event_document_id ON document_event (document_id);
CREATE INDEX ix_task_office_id ON task (office_id);
CREATE INDEX ix_task_company_id ON task (company_id);
CREATE INDEX ix_task_period_id ON task (period_id);
CREATE INDEX ix_task_assignee_id ON task (assignee_id);
CREATE INDEX ix_task_parent_id ON task (parent_id);
CREATE INDEX ix_notification_company_id ON notification (company_id);
CREATE INDEX ix_notification_office_id ON notification (office_id);
CREATE INDEX ix_notification_task_id ON notification (task_id);
CREATE INDEX ix_mail_account_company_id ON mail_account (company_id);
CREATE INDEX ix_mail_account_office_id ON mail_account (office_id);
CREATE INDEX ix_allowed_sender_company_id ON allowed_sender (company_id);
CREATE INDEX ix_inbound_email_message_id ON inbound_email (message_id);
CREATE INDEX ix_inbound_email_office_id ON inbound_email (office_id);
CREATE INDEX ix_inbound_email_company_id ON inbound_email (company_id);
CREATE INDEX ix_inbound_email_raw_sha256 ON inbound_email (raw_sha256);
CREATE INDEX ix_sender_event_at ON sender_event (at);
CREATE INDEX ix_sender_event_company_id ON sender_event (company_id);
CREATE INDEX ix_sender_event_sender ON sender_event (sender);
CREATE INDEX ix_inbound_part_inbound_email_id ON inbound_part (inbound_email_id);
CREATE INDEX ix_inbound_part_sha256 ON inbound_part (sha256);
CREATE INDEX ix_extraction_invoice_number ON extraction (invoice_number);
CREATE UNIQUE INDEX uq_document_original ON document (company_id, sha256) WHERE duplicate_of_id IS NULL;
COMMIT;
