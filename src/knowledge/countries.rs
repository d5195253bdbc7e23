//! Country names for ISO 3166 alpha-2 codes, so a shipping passage for "CL" also says "Chile"
//! and a buyer who writes the name finds it. English names plus the country's own, where it
//! differs and is commonly written by buyers.

/// (code, names)
const COUNTRIES: &[(&str, &[&str])] = &[
    ("AE", &["United Arab Emirates", "UAE", "الإمارات"]),
    ("AR", &["Argentina"]),
    ("AT", &["Austria", "Österreich"]),
    ("AU", &["Australia"]),
    ("BE", &["Belgium", "België", "Belgique"]),
    ("BR", &["Brazil", "Brasil"]),
    ("CA", &["Canada"]),
    ("CH", &["Switzerland", "Schweiz", "Suisse"]),
    ("CL", &["Chile"]),
    ("CN", &["China", "中国"]),
    ("CO", &["Colombia"]),
    ("CZ", &["Czechia", "Česko"]),
    ("DE", &["Germany", "Deutschland"]),
    ("DK", &["Denmark", "Danmark"]),
    ("EG", &["Egypt", "مصر"]),
    ("ES", &["Spain", "España"]),
    ("FI", &["Finland", "Suomi"]),
    ("FR", &["France"]),
    ("GB", &["United Kingdom", "UK", "Britain"]),
    ("GR", &["Greece", "Ελλάδα"]),
    ("HK", &["Hong Kong", "香港"]),
    ("HU", &["Hungary", "Magyarország"]),
    ("ID", &["Indonesia"]),
    ("IE", &["Ireland"]),
    ("IL", &["Israel", "ישראל"]),
    ("IN", &["India"]),
    ("IT", &["Italy", "Italia"]),
    ("JP", &["Japan", "日本"]),
    ("KR", &["South Korea", "Korea", "대한민국", "한국"]),
    ("KZ", &["Kazakhstan", "Казахстан"]),
    ("MA", &["Morocco", "المغرب"]),
    ("MX", &["Mexico", "México"]),
    ("MY", &["Malaysia"]),
    ("NG", &["Nigeria"]),
    ("NL", &["Netherlands", "Nederland"]),
    ("NO", &["Norway", "Norge"]),
    ("NZ", &["New Zealand"]),
    ("PE", &["Peru", "Perú"]),
    ("PH", &["Philippines"]),
    ("PK", &["Pakistan"]),
    ("PL", &["Poland", "Polska"]),
    ("PT", &["Portugal"]),
    ("QA", &["Qatar", "قطر"]),
    ("RO", &["Romania", "România"]),
    ("RU", &["Russia", "Россия"]),
    ("SA", &["Saudi Arabia", "السعودية"]),
    ("SE", &["Sweden", "Sverige"]),
    ("SG", &["Singapore"]),
    ("TH", &["Thailand", "ประเทศไทย"]),
    ("TR", &["Turkey", "Türkiye"]),
    ("TW", &["Taiwan", "台灣"]),
    ("UA", &["Ukraine", "Україна"]),
    ("US", &["United States", "USA", "America"]),
    ("VN", &["Vietnam", "Việt Nam"]),
    ("ZA", &["South Africa"]),
];

/// The names of `code`, or none for a code not in the table.
pub fn names(code: &str) -> &'static [&'static str] {
    COUNTRIES.iter().find(|(c, _)| *c == code).map_or(&[], |(_, names)| names)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_sorted_unique_and_named() {
        let codes: Vec<&str> = super::COUNTRIES.iter().map(|(c, _)| *c).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(super::names("CL"), ["Chile"]);
        assert!(super::names("XX").is_empty());
    }
}
