//! Reporting a tip: the form, its category's questions, and the report itself.

use super::*;
use crate::platform::error::Text;
use crate::text;

/// The report form as typed, over both steps.
#[derive(Default, Clone)]
pub(super) struct TipForm {
    pub(super) category: String,
    pub(super) address: String,
    pub(super) latitude: String,
    pub(super) longitude: String,
    pub(super) description: String,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) answers: Vec<(String, String)>,
}

impl TipForm {
    pub(super) fn from(p: &FormPairs) -> TipForm {
        TipForm {
            category: p.get("category"),
            address: p.get("address"),
            latitude: p.get("latitude"),
            longitude: p.get("longitude"),
            description: p.get("description"),
            name: p.get("name"),
            email: p.get("email"),
            answers: p
                .0
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("answer-")
                        .map(|code| (code.to_string(), v.clone()))
                })
                .collect(),
        }
    }

    pub(super) fn answer(&self, code: &str) -> String {
        self.answers
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// A category's question as the form shows it.
pub struct QuestionField {
    pub name: String,
    pub text: String,
    pub required: bool,
    pub long: bool,
    pub value: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "tips/new.html")]
pub(super) struct NewTipPage {
    pub(super) page: Page,
    pub(super) form: TipForm,
    pub(super) categories: Vec<Choice>,
    /// Step two: the category and place are known.
    pub(super) details: Option<Details>,
    pub(super) map: MapView,
    pub(super) errors: FieldErrors,
    pub(super) anonymous: bool,
}

pub(super) struct Details {
    pub(super) category: String,
    pub(super) category_about: String,
    pub(super) place: String,
    pub(super) questions: Vec<QuestionField>,
    pub(super) nearby: Vec<(TipLine, String, Option<FollowButton>)>,
}

/// Where the form's place is: the coordinates picked on the map or typed, else the typed
/// address found in the address register.
pub(super) async fn find_place(
    state: &AppState,
    form: &TipForm,
    errors: &mut FieldErrors,
) -> AppResult<Option<Coordinates>> {
    let given = parse_coordinates(errors, &form.latitude, &form.longitude);
    if !errors.is_empty() {
        return Ok(None);
    }
    let found = actions::place(&state.db, errors, given, &form.address, "address").await?;
    if found.coordinates.is_none() && !errors.contains_key("address") {
        errors.insert("address", text!(err_tip_place));
    }
    Ok(found.coordinates)
}

pub(super) async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: TipForm,
    mut errors: FieldErrors,
    step_two: bool,
) -> AppResult<NewTipPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let categories = store::categories(&state.db, true).await?;
    let chosen = categories.iter().find(|c| c.code == form.category).cloned();
    let mut category_choices = vec![Choice {
        value: String::new(),
        label: s.choose_category.into(),
        selected: chosen.is_none(),
    }];
    category_choices.extend(categories.iter().map(|c| Choice {
        selected: c.code == form.category,
        value: c.code.clone(),
        label: c.name(lang).to_string(),
    }));
    let mut details = None;
    let mut place_mark = Vec::new();
    let area = state.config.area;
    let mut centre = area.centre();
    let mut zoom = map::zoom_to_fit((area.south, area.west), (area.north, area.east));
    if step_two {
        let mut step_errors = FieldErrors::new();
        if chosen.is_none() {
            step_errors.insert("category", text!(err_tip_category));
        }
        let place = find_place(state, &form, &mut step_errors).await?;
        if let Some(c) = place.filter(|c| !area.contains(*c)) {
            step_errors.insert("address", text!(err_tip_outside));
            centre = c;
        }
        match (chosen, place) {
            (Some(category), Some(at)) if step_errors.is_empty() => {
                centre = at;
                zoom = 17;
                place_mark.push(Place {
                    at,
                    label: s.tip_your_place.into(),
                    href: "#description".into(),
                    mark: Mark::Chosen,
                });
                let (found, nearby_marks) = details_of(state, ctx, &category, at, &form).await?;
                place_mark.extend(nearby_marks);
                details = Some(found);
            }
            _ => {
                for (k, v) in step_errors {
                    errors.entry(k).or_insert(v);
                }
            }
        }
    }
    let mut form = form;
    // Once the place is settled, step two carries it as coordinates.
    if let Some(p) = place_mark.first() {
        form.latitude = format!("{:.6}", p.at.0);
        form.longitude = format!("{:.6}", p.at.1);
    }
    Ok(NewTipPage {
        page: ctx.page(s.new_tip),
        map: map::draw(
            centre,
            zoom,
            state.config.map_tiles.as_deref(),
            &state.config.map_attribution,
            &place_mark,
        ),
        anonymous: ctx.viewer.is_none(),
        categories: category_choices,
        details,
        form,
        errors,
    })
}

pub(super) async fn details_of(
    state: &AppState,
    ctx: &Ctx,
    category: &Category,
    at: Coordinates,
    form: &TipForm,
) -> AppResult<(Details, Vec<Place>)> {
    let lang = ctx.lang;
    let nearby = store::open_nearby(&state.db, category.id, at, DUPLICATE_RADIUS_M).await?;
    let marks = nearby.iter().map(|(t, _)| tip_place(t, lang)).collect();
    let buttons = follow_buttons(
        state,
        ctx,
        nearby
            .iter()
            .map(|(t, _)| (Target::Tip(t.id), t.what_and_where(lang)))
            .collect(),
    )
    .await?;
    let mut buttons = buttons.into_iter();
    let nearby = nearby
        .iter()
        .map(|(t, d)| (tip_line(t, lang), format_distance(*d, lang), buttons.next()))
        .collect();
    let questions = store::questions(&state.db, category.id)
        .await?
        .into_iter()
        .map(|q| {
            let value = form.answer(&q.code);
            let mut list = vec![Choice {
                value: String::new(),
                label: ctx.s().choose_one.into(),
                selected: value.is_empty(),
            }];
            list.extend(q.choices.iter().map(|(k, da, en)| Choice {
                selected: *k == value,
                value: k.clone(),
                label: match lang {
                    Lang::Da => da.clone(),
                    Lang::En => en.clone(),
                },
            }));
            QuestionField {
                name: format!("answer-{}", q.code),
                text: q.text(lang).to_string(),
                required: q.required,
                long: q.datatype == QuestionType::Text,
                choices: if q.datatype == QuestionType::Singlevaluelist {
                    list
                } else {
                    Vec::new()
                },
                value,
            }
        })
        .collect();
    let details = Details {
        category: category.name(lang).to_string(),
        category_about: category.description(lang).to_string(),
        place: place_words(&form.address, at, lang),
        questions,
        nearby,
    };
    Ok((details, marks))
}

/// Step one (where and what) until both are given; then step two (the details), with open tips
/// of the same kind nearby.
pub(super) async fn new_tip(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let form = TipForm::from(&q);
    let step_two = q.get("step") == "details";
    let page = form_page(&state, &ctx, form, FieldErrors::new(), step_two).await?;
    if step_two && page.details.is_none() {
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    } else {
        render(&page)
    }
}

/// Reads a report: the form's fields and the uploads in the `photo_field`, as they came. Only
/// their number and size are checked here; they are decoded after the report has passed every
/// cheaper check (key, rate limit, fields).
pub async fn read_report(
    mut multipart: axum::extract::Multipart,
    photo_field: &str,
) -> (FormPairs, Vec<axum::body::Bytes>, Option<PhotoProblem>) {
    let mut pairs = Vec::new();
    let mut uploads = Vec::new();
    let mut problem = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                problem = Some(PhotoProblem::TooLarge);
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        match field.bytes().await {
            Ok(bytes) if name == photo_field => {
                if bytes.len() > PHOTO_MAX_BYTES {
                    problem = Some(PhotoProblem::TooLarge);
                } else if uploads.len() >= PHOTOS_MAX {
                    problem = problem.or(Some(PhotoProblem::TooMany));
                } else if !bytes.is_empty() {
                    uploads.push(bytes);
                }
            }
            Ok(bytes) => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            Err(_) => {
                problem = Some(PhotoProblem::TooLarge);
                break;
            }
        }
    }
    (FormPairs(pairs), uploads, problem)
}

pub(super) async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    client: Client,
    multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    let (pairs, photos, problem) = read_report(multipart, "photos").await;
    let had_photos = !photos.is_empty();
    let form = TipForm::from(&pairs);
    let category = store::find_category(&state.db, &form.category).await?;
    let mut place_errors = FieldErrors::new();
    let given = parse_coordinates(&mut place_errors, &form.latitude, &form.longitude);
    let place = actions::place(
        &state.db,
        &mut place_errors,
        given,
        &form.address,
        "address",
    )
    .await?;
    let draft = TipDraft {
        description: form.description.clone(),
        address: place.address,
        coordinates: place.coordinates,
        reporter_name: if ctx.viewer.is_some() {
            String::new()
        } else {
            form.name.clone()
        },
        reporter_email: if ctx.viewer.is_some() {
            String::new()
        } else {
            form.email.clone()
        },
    };
    // An upload that cannot be taken stops the report: the reporter chose it for a reason.
    if let Some(p) = problem {
        place_errors.insert("photos", Text::new(move |s| p.message(s).into()));
    }
    let result = actions::report(
        &state.db,
        &state.config,
        ctx.viewer.as_ref(),
        &client.0,
        Report {
            category,
            draft,
            answers: form.answers.clone(),
            photos,
            channel: Channel::Web,
            open311_key_id: None,
            problems: place_errors,
        },
    )
    .await;
    let (status, mut errors) = match result {
        Ok((id, _)) => return Ok(see_other(&format!("/tips/{id}?reported=1"))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        // Over the hourly limit: the form comes back with what was typed, to send later.
        Err(AppError::TooManyRequests) => (
            StatusCode::TOO_MANY_REQUESTS,
            FieldErrors::from([("report-form", text!(err_tip_too_many))]),
        ),
        Err(e) => return Err(e),
    };
    // A browser never fills a file field again: say so, rather than lose them silently.
    if had_photos {
        errors
            .entry("photos")
            .or_insert_with(|| text!(tip_photos_again));
    }
    let page = form_page(&state, &ctx, form, errors, true).await?;
    render_status(status, &page)
}
