//! How full storage is, and how the app says it.

use crate::domain::views::words::grouped;

/// What Chromium gives one origin's localStorage, in UTF-16 code units (keys and values).
pub const QUOTA: usize = 5_242_880;
/// Above this share of [`QUOTA`] the app warns before a write can fail.
pub const WARN_PERCENT: usize = 80;

/// How much of storage the assessment takes, for the Import / export page: a share, which
/// people read at a glance ([`usage_detail`] has the count behind it).
pub fn usage_text(used: usize) -> String {
    format!(
        "Your assessment uses {} of the space this browser gives the app.",
        share(used)
    )
}

/// `used` as a share of [`QUOTA`] to a tenth of a percent, rounded down as
/// [`usage_warning`] rounds ("79.9 %" never comes with the 80 % warning). In integers (a
/// float's formatting adds 4 KB to a module); u64, as `used * 1000` overflows 32 bits.
fn share(used: usize) -> String {
    let tenths = used as u64 * 1000 / QUOTA as u64;
    match (used, tenths) {
        (0, _) => "none".to_string(),
        (_, 0) => "less than 0.1 %".to_string(),
        _ => format!("{}.{} %", tenths / 10, tenths % 10),
    }
}

/// The exact count behind [`usage_text`] ("12,345 of 5,242,880 characters").
pub fn usage_detail(used: usize) -> String {
    format!("{} of {} characters", grouped(used), grouped(QUOTA))
}

/// `n` in millions with two decimals ("3.71"), in integers: formatting a float would add
/// 4 KB to the first module.
fn millions(n: usize) -> String {
    let hundredths = (n + 5_000) / 10_000;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The warning to give when the count goes from `before` to `now`, whoever wrote: each time
/// it goes over the mark, not again while it stays over (both modules, `storage::sync`).
pub fn usage_crossed(before: usize, now: usize) -> Option<String> {
    match before * 100 / QUOTA >= WARN_PERCENT {
        true => None,
        false => usage_warning(now),
    }
}

/// How full storage is, as the app says it above [`WARN_PERCENT`] (None below).
pub fn usage_warning(used: usize) -> Option<String> {
    let percent = used * 100 / QUOTA;
    (percent >= WARN_PERCENT).then(|| {
        format!(
            "Browser storage is {percent} % full (about {} of {} million characters). Download your assessment now (Import / export), then make room: discard values set aside there, or remove teams you no longer assess. When it is full, changes cannot be saved.",
            millions(used),
            millions(QUOTA)
        )
    })
}
