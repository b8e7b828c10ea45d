//! The overview on the web: the page with its level and period chosen in a plain form, the
//! initiatives behind any figure, and each table as a CSV file.

pub mod network;
pub mod signals;
pub mod tables;

use super::actions::{self, Overview};
use super::model::{Facet, Scope, Selection};
use super::store::MunicipalUnit;
use crate::initiatives::model::{InitiatingSide, Stage, Status, Theme};
use crate::initiatives::store::InitiativeCard;
use crate::platform::error::{AppError, AppResult};
use crate::platform::input::printable;
use crate::platform::time::{format_civil_date, typed_day};
use crate::platform::web::{AppState, Ctx, Page, list_href, render};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use tables::{Links, Section};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/overview", get(show))
        .route("/overview/initiatives", get(behind))
        .route("/overview/csv/{table}", get(csv))
}

/// The overview's query string: the level, the period and, for the list behind a figure, what
/// the figure counts. Empty means the default.
#[derive(serde::Deserialize, Default)]
pub struct OverviewParams {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    side: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    theme: String,
    /// Present (even empty, for initiatives without one) when the figure is a neighbourhood's.
    neighbourhood: Option<String>,
    #[serde(default)]
    stuck: String,
    #[serde(default)]
    page: String,
}

impl OverviewParams {
    fn facet(&self) -> Facet {
        Facet {
            stage: Stage::parse(&self.stage),
            side: InitiatingSide::parse(&self.side),
            status: Status::parse(&self.status),
            theme: Theme::parse(&self.theme),
            neighbourhood: self
                .neighbourhood
                .as_deref()
                .map(|n| printable(n).trim().to_string()),
            stuck: self.stuck == "1",
        }
    }
}

/// The selection asked for (the viewer's own department when no level is given) and its units,
/// once the viewer may see it.
pub(super) async fn selection(
    state: &AppState,
    ctx: &Ctx,
    params: &OverviewParams,
) -> AppResult<(Selection, Vec<MunicipalUnit>, Vec<MunicipalUnit>)> {
    let viewer = ctx.viewer.as_ref();
    let period = actions::period(typed_day(&params.from)?, typed_day(&params.to)?);
    let asked = match params.scope.trim() {
        "" => None,
        typed => Some(Scope::parse(typed).ok_or(AppError::NotFound)?),
    };
    let (scope, units, all) = actions::scope_units(&state.db, viewer, asked).await?;
    Ok((Selection { scope, period }, units, all))
}

/// The scope in the reader's words: the city, or the department's or unit's name.
fn scope_name(sel: &Selection, units: &[MunicipalUnit], ctx: &Ctx) -> String {
    let named = |id: i64| {
        units
            .iter()
            .find(|u| u.id == id)
            .map_or(String::new(), |u| u.name.clone())
    };
    match sel.scope {
        Scope::City => ctx.s().overview_city.into(),
        Scope::Department(id) | Scope::Unit(id) => named(id),
    }
}

/// The selection in a query string, for links and the CSV files.
fn selection_query(sel: &Selection) -> String {
    serde_urlencoded::to_string([
        ("scope", sel.scope.code()),
        ("from", sel.period.from.to_string()),
        ("to", sel.period.to.to_string()),
    ])
    .unwrap_or_default()
}

/// One choice of level: the city, a department, or a unit under it.
struct ScopeChoice {
    value: String,
    label: String,
    selected: bool,
}

/// The levels a viewer may choose, each department followed by its units.
fn scope_choices(ctx: &Ctx, all: &[MunicipalUnit], chosen: Scope) -> Vec<ScopeChoice> {
    let s = ctx.s();
    actions::visible_scopes(ctx.viewer.as_ref(), all)
        .into_iter()
        .map(|scope| {
            let name = |id: i64| {
                all.iter()
                    .find(|u| u.id == id)
                    .map_or("", |u| u.name.as_str())
            };
            ScopeChoice {
                value: scope.code(),
                label: match scope {
                    Scope::City => s.overview_city.to_string(),
                    Scope::Department(id) => s.overview_department_whole(name(id)),
                    Scope::Unit(id) => format!("— {}", name(id)),
                },
                selected: scope == chosen,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "overview/page.html")]
struct OverviewPage {
    page: Page,
    scopes: Vec<ScopeChoice>,
    from: String,
    to: String,
    period: String,
    counted: String,
    all_href: String,
    selection: String,
    sections: Vec<Section>,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<OverviewParams>,
) -> AppResult<Response> {
    let (sel, units, all) = selection(&state, &ctx, &params).await?;
    let o = actions::overview(&state.db, sel, units).await?;
    let (lang, s) = (ctx.lang, ctx.s());
    let links = Links {
        selection: selection_query(&sel),
    };
    let total = super::model::count(&o.tallies, &Facet::default());
    render(&OverviewPage {
        page: ctx.page(s.overview_title_of(scope_name(&sel, &o.units, &ctx))),
        scopes: scope_choices(&ctx, &all, sel.scope),
        from: sel.period.from.to_string(),
        to: sel.period.to.to_string(),
        period: s.overview_period(
            format_civil_date(sel.period.from, lang),
            format_civil_date(sel.period.to, lang),
        ),
        counted: s.overview_counted(total),
        all_href: links.behind(&[]),
        sections: tables::sections(&o, &links, ctx.viewer.as_ref(), lang),
        selection: links.selection,
    })
}

#[derive(Template)]
#[template(path = "overview/behind.html")]
struct BehindPage {
    page: Page,
    what: Vec<String>,
    back_href: String,
    items: Vec<InitiativeCard>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_number: i64,
}

/// The initiatives behind a figure of the overview, as many as the figure says.
async fn behind(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<OverviewParams>,
) -> AppResult<Response> {
    let (sel, units, _) = selection(&state, &ctx, &params).await?;
    let (lang, s) = (ctx.lang, ctx.s());
    let facet = params.facet();
    let page = crate::platform::db::page_number(params.page.parse().unwrap_or(1));
    let (items, more) = actions::behind(&state.db, &sel, &units, &facet, page, lang).await?;
    let mut what = vec![
        scope_name(&sel, &units, &ctx),
        s.overview_period(
            format_civil_date(sel.period.from, lang),
            format_civil_date(sel.period.to, lang),
        ),
    ];
    what.extend(facet.stage.map(|x| x.label(lang).to_string()));
    what.extend(facet.side.map(|x| x.label(lang).to_string()));
    what.extend(facet.status.map(|x| x.label(lang).to_string()));
    what.extend(facet.theme.map(|x| x.label(lang).to_string()));
    what.extend(facet.neighbourhood.as_ref().map(|n| match n.is_empty() {
        true => s.overview_no_neighbourhood.to_string(),
        false => n.clone(),
    }));
    if facet.stuck {
        what.push(s.overview_stuck(super::model::STUCK_AFTER_DAYS));
    }
    let selection = selection_query(&sel);
    let here: [(&str, &str); 5] = [
        ("stage", &params.stage),
        ("side", &params.side),
        ("status", &params.status),
        ("theme", &params.theme),
        ("stuck", &params.stuck),
    ];
    let neighbourhood = params.neighbourhood.clone();
    let href = |page: i64| {
        let mut href = list_href("/overview/initiatives", &here, page);
        href.push('&');
        href.push_str(&selection);
        if let Some(n) = &neighbourhood {
            href.push('&');
            href.push_str(&serde_urlencoded::to_string([("neighbourhood", n)]).unwrap_or_default());
        }
        href
    };
    let (prev_href, next_href) = (
        (page > 1).then(|| href(page - 1)),
        more.then(|| href(page + 1)),
    );
    render(&BehindPage {
        page: ctx.page(s.overview_behind_title),
        what,
        back_href: format!("/overview?{selection}"),
        items,
        prev_href,
        next_href,
        page_number: page,
    })
}

/// One of the overview's tables as a CSV file, as the page shows it.
async fn csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(table): Path<String>,
    Query(params): Query<OverviewParams>,
) -> AppResult<Response> {
    let (sel, units, _) = selection(&state, &ctx, &params).await?;
    let o: Overview = actions::overview(&state.db, sel, units).await?;
    let links = Links {
        selection: selection_query(&sel),
    };
    let sections = tables::sections(&o, &links, ctx.viewer.as_ref(), ctx.lang);
    let found = sections
        .iter()
        .flat_map(|s| &s.tables)
        .find(|t| t.key == table)
        .ok_or(AppError::NotFound)?;
    let name = format!(
        "medspil-{}-{}-{}-{}.csv",
        found.key,
        sel.scope.code(),
        sel.period.from,
        sel.period.to
    );
    Ok(crate::platform::csv::spreadsheet(
        &name,
        &tables::csv(found),
    ))
}
