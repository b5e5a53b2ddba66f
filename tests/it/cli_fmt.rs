//! `connedit fmt`: the canonical layout on request, nothing lost.

use std::process::Command;

fn fmt(args: &[&str], dir: &std::path::Path) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_connedit"))
        .current_dir(dir)
        .arg("fmt")
        .args(args)
        .env_remove("AUTH0_KEYWORD_REPLACE_MAPPINGS")
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn fmt_rewrites_to_two_spaces_keeps_placeholders_and_refuses_what_it_would_lose() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let four = "\u{feff}{\n    \"name\": \"p\",\n    \"enabled_features\": @@FEATURES@@\n}";
    std::fs::write(d.join("four.json"), four).unwrap();
    let canonical = "{\n  \"name\": \"q\"\n}\n";
    std::fs::write(d.join("ok.json"), canonical).unwrap();
    std::fs::write(d.join("broken.json"), "{\"name\": \n").unwrap();
    std::fs::write(d.join("twice.json"), "{\"name\": \"a\", \"name\": \"b\"}").unwrap();

    let (code, out, err) = fmt(&["--check", "."], d);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("four.json: not in the canonical layout"),
        "{out}"
    );
    assert!(!out.contains("ok.json"), "{out}");
    assert!(err.contains("broken.json:2:1:"), "{err}");
    assert!(
        err.contains("twice.json:1:") && err.contains("left as it is"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("four.json")).unwrap(),
        four,
        "--check changes nothing"
    );

    let (code, out, _) = fmt(&["four.json", "ok.json"], d);
    assert_eq!((code, out.trim()), (0, "formatted four.json"));
    assert_eq!(
        std::fs::read_to_string(d.join("four.json")).unwrap(),
        "\u{feff}{\n  \"name\": \"p\",\n  \"enabled_features\": @@FEATURES@@\n}\n",
        "the byte-order mark and the bare placeholder are kept"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("ok.json")).unwrap(),
        canonical
    );
    let (code, ..) = fmt(&["broken.json", "twice.json"], d);
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(d.join("broken.json")).unwrap(),
        "{\"name\": \n"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("twice.json")).unwrap(),
        "{\"name\": \"a\", \"name\": \"b\"}"
    );
    let (code, _, err) = fmt(&["missing.json"], d);
    assert_eq!(code, 2, "{err}");
}
