//! `connedit [FILE]...`: the editor, wired to the selected tenant (its
//! badge, a worker with its credentials and snapshot store, the other named
//! tenants for compare).

/// The editor: `connedit [FILE]...`. Returns the exit code.
pub fn run(
    files: &[std::path::PathBuf],
    mappings: Option<&std::path::Path>,
    new: Option<crate::core::Kind>,
    tenant: &super::remote::TenantArgs,
) -> u8 {
    use std::io::IsTerminal;
    if new.is_some() {
        let msg = match files {
            [f] if std::fs::metadata(f).is_ok_and(|m| m.len() > 0) => Some(format!(
                "--new starts a document in a new (or empty) file; {} already has content: open it without --new",
                f.display()
            )),
            [_] => None,
            _ => Some("--new takes exactly one FILE".to_string()),
        };
        if let Some(msg) = msg {
            eprintln!("connedit: {msg}");
            return super::exit::FAILURE;
        }
    } else if let Some(msg) = typo_of_a_subcommand(files) {
        eprintln!("connedit: {msg}");
        return super::exit::FAILURE;
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "connedit: the editor needs a terminal; to check files use `connedit validate FILE...`"
        );
        return super::exit::FAILURE;
    }
    // The tenant Ctrl-P and Ctrl-O talk to: shown in the status bar.
    let badge = match (tenant.name(), tenant.select()) {
        (Some(name), Ok(sel)) => Some(crate::tui::app::TenantBadge {
            name,
            domain: sel.creds.domain,
            protected: sel.protected,
        }),
        (None, Ok(sel)) => Some(crate::tui::app::TenantBadge {
            name: sel.creds.domain.clone(),
            domain: sel.creds.domain,
            protected: false,
        }),
        (_, Err(_)) => None, // Ctrl-P will say what is missing
    };
    // The other named tenants, for Ctrl-T (none without a tenants file).
    let current = tenant.name();
    let others: Vec<String> = tenant
        .file()
        .map(|f| {
            f.tenants
                .keys()
                .filter(|n| Some(*n) != current.as_ref())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let selection = tenant.clone();
    let config = tenant.config.clone();
    let worker = crate::tui::worker::Worker::with_tenants(
        Box::new(move || selection.select().map(|s| s.creds)),
        crate::io::snapshots::Store::default_location(),
        Some(Box::new(move |name: &str| {
            super::remote::TenantArgs {
                tenant: Some(name.to_string()),
                config: config.clone(),
            }
            .select()
            .map(|s| s.creds)
        })),
    );
    let result = crate::io::files::mappings(mappings)
        .map_err(anyhow::Error::msg)
        .and_then(|m| match new {
            Some(kind) => Ok(crate::tui::open_new(&files[0], kind, m)),
            None => crate::tui::open_workspace_with(files, m),
        })
        .and_then(|mut app| {
            app.tenant = badge;
            app.other_tenants = others;
            crate::tui::run(app, worker)
        });
    match result {
        Ok(()) => super::exit::OK,
        // Already said, once the screen was back: the outcome is unknown.
        Err(e) if e.is::<crate::tui::WriteInFlight>() => super::exit::FAILURE,
        Err(e) => {
            eprintln!("connedit: {e:#}");
            super::exit::FAILURE
        }
    }
}

/// A missing FILE that is a subcommand mistyped (`vaildate`) is a usage
/// error with the suggestion, not a new document of that name. A path
/// (`./vaildate`) or a name with an extension is taken as a file.
fn typo_of_a_subcommand(files: &[std::path::PathBuf]) -> Option<String> {
    use clap::CommandFactory;
    let cli = super::Cli::command();
    let names: Vec<&str> = cli.get_subcommands().map(|s| s.get_name()).collect();
    files.iter().find_map(|f| {
        let word = f.to_str()?;
        if f.exists() || word.contains(['/', '.']) {
            return None;
        }
        let (d, name) = names
            .iter()
            .map(|n| (crate::core::suggest::distance(&word.to_lowercase(), n), *n))
            .min()?;
        (d <= 2 && d < name.len()).then(|| {
            format!(
                "no file {word:?}, and no subcommand of that name: did you mean `connedit {name}`? (to start a new document called {word}, write ./{word})"
            )
        })
    })
}
