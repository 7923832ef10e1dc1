"""Personal data in a text: the patterns that find it (``patterns``: e-mail addresses, phone
numbers, NIRs, IBANs, addresses) and the normalisation every text is read through first
(``normalise``: NFKC, no invisible characters, look-alikes as Latin). A bottom layer: the
logs, the quarantine's descriptions and the privacy gate all use it."""
