//! Templates and static files embedded in the binary, so an installed `docket`
//! runs anywhere; a project's own templates folder overrides them by name.

/// `(name, contents)` of every built-in template.
pub const TEMPLATES: &[(&str, &str)] = &[("page.html", include_str!("../templates/page.html"))];

/// `(output path, contents)` of static files copied into every site.
pub const STATIC: &[(&str, &str)] = &[("docket.css", include_str!("../templates/docket.css"))];

/// `(block name, Markdown template)` of every built-in generated block.
pub const BLOCKS: &[(&str, &str)] = &[
    (
        "defines-table",
        include_str!("../templates/blocks/defines-table.md"),
    ),
    (
        "gate-checklist",
        include_str!("../templates/blocks/gate-checklist.md"),
    ),
    (
        "profiles-table",
        include_str!("../templates/blocks/profiles-table.md"),
    ),
    (
        "progress-status",
        include_str!("../templates/blocks/progress-status.md"),
    ),
    (
        "vision-status",
        include_str!("../templates/blocks/vision-status.md"),
    ),
];
