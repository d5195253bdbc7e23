//! Business hours: when the shop's people answer, in the shop's timezone. A hand-off tells the
//! buyer the usual wait while the shop is open, and when it opens while it is closed.

use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};
use serde::Deserialize;

/// `[business_hours]` as written in shop.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursFile {
    #[serde(default = "every_day")]
    pub days: Vec<String>,
    pub open: String,
    pub close: String,
}

fn every_day() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(str::to_owned).to_vec()
}

/// Validated business hours.
#[derive(Debug, Clone)]
pub struct BusinessHours {
    days: Vec<Weekday>,
    open: Time,
    close: Time,
    timezone: TimeZone,
    /// The IANA name, as the buyer is told it.
    timezone_name: String,
}

/// When a closed shop opens next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// "mon" … "sun".
    pub day: &'static str,
    /// "08:30".
    pub time: String,
    pub timezone: String,
    /// From now until then.
    pub in_secs: u64,
}

impl BusinessHours {
    /// Checks `[business_hours]` against the shop's `timezone`; the message names what is wrong.
    pub fn parse(file: &HoursFile, timezone: &str) -> Result<BusinessHours, String> {
        let tz = TimeZone::get(timezone)
            .map_err(|e| format!("timezone {timezone:?} is not an IANA timezone name (e.g. \"Asia/Shanghai\"): {e}"))?;
        let time = |field: &str, value: &str| {
            value.parse::<Time>().map_err(|_| format!("business_hours.{field}: {value:?} is not a time like \"09:00\""))
        };
        let open = time("open", &file.open)?;
        let close = time("close", &file.close)?;
        if close <= open {
            return Err("business_hours: close must be after open (hours past midnight are not supported)".into());
        }
        let days = file
            .days
            .iter()
            .map(|d| weekday(d).ok_or_else(|| format!("business_hours.days: {d:?} is not one of mon, tue, … sun")))
            .collect::<Result<Vec<_>, _>>()?;
        if days.is_empty() {
            return Err(
                "business_hours.days is empty; leave [business_hours] out for a shop that is always open".into()
            );
        }
        Ok(BusinessHours { days, open, close, timezone: tz, timezone_name: timezone.to_owned() })
    }

    /// `None` while the shop is open; otherwise when it opens next.
    pub fn next_opening(&self, now: Timestamp) -> Option<Opening> {
        let local = now.to_zoned(self.timezone.clone());
        let open_now = self.days.contains(&local.weekday()) && local.time() >= self.open && local.time() < self.close;
        if open_now {
            return None;
        }
        (0..=7).find_map(|ahead| {
            let date = local.date().checked_add(ahead.days()).ok()?;
            if !self.days.contains(&date.weekday()) {
                return None;
            }
            let opening: Zoned = date.to_datetime(self.open).to_zoned(self.timezone.clone()).ok()?;
            if opening.timestamp() <= now {
                return None;
            }
            let in_secs = (opening.timestamp().as_second() - now.as_second()).max(0) as u64;
            Some(Opening {
                day: day_name(date.weekday()),
                time: format!("{:02}:{:02}", self.open.hour(), self.open.minute()),
                timezone: self.timezone_name.clone(),
                in_secs,
            })
        })
    }
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Monday,
        "tue" | "tuesday" => Weekday::Tuesday,
        "wed" | "wednesday" => Weekday::Wednesday,
        "thu" | "thursday" => Weekday::Thursday,
        "fri" | "friday" => Weekday::Friday,
        "sat" | "saturday" => Weekday::Saturday,
        "sun" | "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours() -> BusinessHours {
        let file = HoursFile {
            days: ["mon", "tue", "wed", "thu", "fri", "sat"].map(str::to_owned).to_vec(),
            open: "08:30".into(),
            close: "18:00".into(),
        };
        BusinessHours::parse(&file, "Asia/Shanghai").unwrap()
    }

    fn at(utc: &str) -> Timestamp {
        utc.parse().unwrap()
    }

    #[test]
    fn open_hours_have_no_next_opening() {
        // 2026-11-20 is a Friday; 10:00 in Shanghai is 02:00 UTC.
        assert_eq!(hours().next_opening(at("2026-11-20T02:00:00Z")), None);
    }

    #[test]
    fn after_closing_the_next_working_morning_is_named() {
        // Friday 20:00 in Shanghai → Saturday 08:30.
        let opening = hours().next_opening(at("2026-11-20T12:00:00Z")).unwrap();
        assert_eq!((opening.day, opening.time.as_str()), ("sat", "08:30"));
        assert_eq!(opening.in_secs, 12 * 3600 + 30 * 60);
        // Saturday 19:00 → Monday (Sunday is closed).
        let opening = hours().next_opening(at("2026-11-21T11:00:00Z")).unwrap();
        assert_eq!(opening.day, "mon");
        assert_eq!(opening.timezone, "Asia/Shanghai");
    }

    #[test]
    fn bad_hours_say_what_is_wrong() {
        let file = |open: &str, close: &str, days: &[&str]| HoursFile {
            days: days.iter().map(|d| (*d).to_owned()).collect(),
            open: open.into(),
            close: close.into(),
        };
        let err = |f: HoursFile, tz: &str| BusinessHours::parse(&f, tz).unwrap_err();
        assert!(err(file("9am", "18:00", &["mon"]), "UTC").contains("business_hours.open"));
        assert!(err(file("18:00", "09:00", &["mon"]), "UTC").contains("after open"));
        assert!(err(file("09:00", "18:00", &["monday", "fun"]), "UTC").contains("\"fun\""));
        assert!(err(file("09:00", "18:00", &["mon"]), "Mars/Olympus").contains("IANA"));
    }
}
