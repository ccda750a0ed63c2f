"""The print brochure and flyers: layout, print photos, Chinese typesetting, fonts, QR."""
