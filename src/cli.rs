//! The command line. (Scaffold: `extract FILE...` prints JSON Lines.)

use std::process::ExitCode;

pub fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args()
        .skip(2)
        .filter(|a| !a.starts_with("--") && a != "json")
    {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::from(1);
                continue;
            }
        };
        match crate::extract::extract(&bytes, &crate::extract::Hints::default()) {
            Ok(mut x) => {
                x.file = Some(path.clone());
                println!("{}", serde_json::to_string(&x).expect("serializable"));
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::from(1);
            }
        }
    }
    status
}
