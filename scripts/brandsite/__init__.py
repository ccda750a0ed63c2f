"""党建品牌展示站: brand profiles to a website, galleries, a brochure and a review."""
