//! The rules' fuzz target: whatever text arrives as a rule or as a Navidrome smart playlist, reading never panics,
//! and either gives a rule that reads back from the JSON it writes, or refuses with problems that each name a JSON
//! path and say what is wrong. Inputs are valid rules and files mutated byte by byte and cut short. Run longer with
//! `PROPTEST_CASES=100000 cargo test -p crossfade-domain --release --test rules_fuzz`.

use std::sync::LazyLock;

use crossfade_domain::rules::arbitrary;
use crossfade_domain::{NavidromeImport, RuleProblems, SmartRules};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn check_rule(text: &str) -> Result<(), TestCaseError> {
    match SmartRules::parse(text) {
        Ok(rules) => prop_assert_eq!(SmartRules::parse(&rules.to_json_text()), Ok(rules)),
        Err(RuleProblems(problems)) => {
            prop_assert!(!problems.is_empty());
            for problem in problems {
                prop_assert!(problem.path.starts_with('$'), "{:?}", problem);
                prop_assert!(!problem.message.is_empty());
            }
        }
    }
    Ok(())
}

fn check_navidrome(text: &str) -> Result<(), TestCaseError> {
    match NavidromeImport::parse(text) {
        Ok(import) => {
            prop_assert_eq!(SmartRules::parse(&import.rules.to_json_text()), Ok(import.rules));
            prop_assert!(
                import.left_out.iter().all(|problem| problem.path.starts_with('$') && !problem.message.is_empty())
            );
        }
        Err(problem) => prop_assert!(problem.path.starts_with('$') && !problem.message.is_empty()),
    }
    Ok(())
}

/// Valid rules of every shape, and the Navidrome files the import tests read.
static VALID: LazyLock<(Vec<String>, Vec<&'static str>)> = LazyLock::new(|| {
    let mut runner = TestRunner::deterministic();
    let rules = (0..24).map(|_| arbitrary::rules().new_tree(&mut runner).unwrap().current().to_json_text()).collect();
    let files = vec![
        include_str!("nsp/played-this-month.nsp"),
        include_str!("nsp/nineties-favourites.nsp"),
        include_str!("nsp/house-not-heard.nsp"),
        include_str!("nsp/rated-flac.nsp"),
        include_str!("nsp/everything-shuffled.nsp"),
    ];
    (rules, files)
});

/// Applies (position, byte) edits to `text`'s bytes and cuts it to `keep` of its length; invalid UTF-8 is read
/// lossily, as a request body would be refused before reaching the parser otherwise.
fn mutate(text: &str, edits: &[(usize, u8)], keep: f64) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, byte) in edits {
        let len = bytes.len();
        bytes[at % len] = byte;
    }
    bytes.truncate(((bytes.len() as f64 * keep) as usize).max(1));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((any::<usize>(), prop::sample::select(b"{}[]\":,0123456789.-eE aAzZ\\/nt".to_vec())), 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn mutated_rules_are_read_or_refused(index in 0usize..24, edits in edits(), keep in 0.2f64..=1.0) {
        check_rule(&mutate(&VALID.0[index], &edits, keep))?;
    }

    #[test]
    fn mutated_navidrome_files_are_read_or_refused(index in 0usize..5, edits in edits(), keep in 0.2f64..=1.0) {
        check_navidrome(&mutate(VALID.1[index], &edits, keep))?;
    }

    #[test]
    fn any_text_is_read_or_refused(text in "\\PC{0,300}") {
        check_rule(&text)?;
        check_navidrome(&text)?;
    }
}
