//! The build date: `SOURCE_DATE_EPOCH` when set, else the project's fixed
//! date, so that the same inputs always give the same bytes.

use crate::diagnostics::Error;

/// A calendar date with its Unix timestamp (midnight UTC, or the exact
/// `SOURCE_DATE_EPOCH` second).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildDate {
    /// `YYYY-MM-DD`.
    pub iso: String,
    pub timestamp: i64,
}

/// 9999-12-31T23:59:59Z.
const LAST_SECOND: i64 = 253_402_300_799;

impl BuildDate {
    /// Reads `SOURCE_DATE_EPOCH`, falling back to `fixed` (`YYYY-MM-DD`).
    pub fn resolve(fixed: &str) -> Result<BuildDate, Error> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) if !value.trim().is_empty() => BuildDate::from_epoch(&value),
            _ => BuildDate::from_iso(fixed),
        }
    }

    /// The date of a `SOURCE_DATE_EPOCH` value: seconds from 1970 to 9999,
    /// since a PDF date has four digits for the year and none before 1970.
    pub fn from_epoch(value: &str) -> Result<BuildDate, Error> {
        let timestamp: i64 = value.trim().parse().map_err(|_| {
            Error::new(format!(
                "SOURCE_DATE_EPOCH must be a number of seconds, not `{value}`"
            ))
        })?;
        if !(0..=LAST_SECOND).contains(&timestamp) {
            return Err(Error::new(format!(
                "SOURCE_DATE_EPOCH `{value}` is outside the years 1970 to 9999"
            ))
            .with_help(
                "set it to a number of seconds since 1970, such as `git log -1 --format=%ct`",
            ));
        }
        Ok(BuildDate::from_timestamp(timestamp))
    }

    /// The date of a Unix timestamp.
    pub fn from_timestamp(timestamp: i64) -> BuildDate {
        let (y, m, d) = civil_from_days(timestamp.div_euclid(86_400));
        BuildDate {
            iso: format!("{y:04}-{m:02}-{d:02}"),
            timestamp,
        }
    }

    /// Midnight UTC of a `YYYY-MM-DD` date.
    pub fn from_iso(iso: &str) -> Result<BuildDate, Error> {
        let parts: Vec<i64> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [y, m, d] if (1..=12).contains(m) && (1..=31).contains(d) => Ok(BuildDate {
                iso: iso.to_string(),
                timestamp: days_from_civil(*y, *m, *d) * 86_400,
            }),
            _ => Err(Error::new(format!("`{iso}` is not a date like 2026-01-31"))),
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_past_9999_are_refused() {
        assert_eq!(
            BuildDate::from_epoch("253402300799")
                .expect("last second")
                .iso,
            "9999-12-31"
        );
        let error = BuildDate::from_epoch("253402300800").expect_err("year 10000");
        assert!(error.message().contains("1970 to 9999"), "{error}");
        assert!(BuildDate::from_epoch("-1").is_err());
    }

    #[test]
    fn dates_and_timestamps_agree() {
        let date = BuildDate::from_iso("2026-11-25").expect("valid");
        assert_eq!(date.timestamp, 1_795_564_800);
        assert_eq!(
            BuildDate::from_timestamp(date.timestamp + 3_600).iso,
            "2026-11-25"
        );
        assert_eq!(BuildDate::from_timestamp(0).iso, "1970-01-01");
        assert!(BuildDate::from_iso("2026-13-01").is_err());
    }
}
