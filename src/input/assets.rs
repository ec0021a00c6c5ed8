//! Templates and static files embedded in the binary, so an installed `docket`
//! runs anywhere; a project's own templates folder overrides them by name.

/// Instructions a template may run per render (minijinja's fuel): a project's
/// template is the project's code, but one with nested loops must stop a
/// check, not hang it. docket's own pages take well under a tenth of this.
pub const TEMPLATE_FUEL: u64 = 20_000_000;

/// `(name, contents)` of every built-in page template.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../../templates/404.html")),
    ("base.html", include_str!("../../templates/base.html")),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
    ("defines.html", include_str!("../../templates/defines.html")),
    ("drift.html", include_str!("../../templates/drift.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("print.html", include_str!("../../templates/print.html")),
];

/// `(output path, contents)` of static files copied into every site.
pub const STATIC: &[(&str, &str)] = &[
    ("docket.css", include_str!("../../templates/docket.css")),
    ("docket.js", include_str!("../../templates/docket.js")),
];

/// `(block name, Markdown template)` of every built-in generated block.
pub const BLOCKS: &[(&str, &str)] = &[
    (
        "defines-table",
        include_str!("../../templates/blocks/defines-table.md"),
    ),
    (
        "gate-checklist",
        include_str!("../../templates/blocks/gate-checklist.md"),
    ),
    (
        "profiles-table",
        include_str!("../../templates/blocks/profiles-table.md"),
    ),
    (
        "progress-status",
        include_str!("../../templates/blocks/progress-status.md"),
    ),
    (
        "vision-status",
        include_str!("../../templates/blocks/vision-status.md"),
    ),
];
