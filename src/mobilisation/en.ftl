date_from = from
date_until = until
err_radius = The distance must be between 0.1 and 50 km.
err_radius_needs_place = Give a place (latitude and longitude) to measure the distance from – or leave the field empty.
err_radius_needed = Say how far from the place you can take part – or remove the place if it applies anywhere in the city.
why_same_kind = Same kind: { $kind }
why_related_kind = { $offered } can meet a need for { $needed }
why_skills = Skills in common: { $skills }
why_offer_anywhere = The offer applies anywhere in the city
why_need_anywhere = The need is not tied to a place
why_time = Times that fit: { $time }
why_no_time = No times in common given – agree on them
why_conditions = Condition: { $conditions }
offers_intro = What citizens, associations, businesses and the municipality offer: time, skills, knowledge, materials, spaces and money.
help_title = Where can I help?
help_intro = Initiatives in the city that need something you may be able to give. Everyone can contribute – also people who receive help themselves.
help_for_you = Fits your offers
help_based_on = Suggestions based on
help_no_offers = Tell us what you can give, and we show where it fits – near you and at the times you can.
login_to_offer = Log in to offer something
login_to_pledge = Log in to count yourself in
open_needs = Open needs
my_pledges = What you have counted yourself in for
edit_offer = Edit the offer
create_offer = Save the offer
edit_need = Edit the need
create_need = Save the need
offer_form_intro = Count me in. Say what you can give, when and where, and what must be in place. You decide what you say yes to.
need_form_intro = What does the initiative need? The more precise, the better the right people can find you.
offered_by = Offered by
hint_offered_by = Yourself or an organisation you act for.
hint_resource_kind = Hands and time, skills, knowledge, materials, spaces, money, permits or a way into an organisation.
hint_offer_title = E.g. “Visiting friend two afternoons a week”.
hint_need_title = E.g. “Hands to build flower boxes”.
field_skills = Skills
hint_skills = Separate with commas, e.g. “conversation, cooking, driving licence”.
field_quantity = How much
hint_quantity = Optional. A whole number: hours for time, skills, knowledge and spaces; items for materials; DKK for money; times for permits and bridges.
hint_when = Choose nothing if any time will do.
any_time = Any time
field_weekdays = Weekdays
field_day_parts = Time of day
field_from_date = From date
field_to_date = To date
hint_offer_place = Where you can take part: a neighbourhood, and optionally a point and how far from it. Empty means anywhere in the city.
field_radius_km = How far (km)
hint_radius_km = From the point above, e.g. 3.
reach_within = within { $distance }
field_conditions = What must be in place
hint_conditions = E.g. “I use an electric wheelchair: someone must drive me there and back”.
need_of = A need of
pledges_title = Who is in
no_pledges = Nobody has counted themselves in yet.
count_me_in = Count me in
pledge_as = Count in as
pledge_offer = From the offer
hint_pledge_offer = Optional: which of your offers it is.
no_offer_chosen = No particular offer
pledge_amount = How much can you give?
pledge_message = Message to the initiative
hint_pledge_message = E.g. when you can, or what must be in place.
offers_that_fit = Offers that fit
needs_that_fit = Where this offer can make a difference
no_suggestions = No suggestions right now. Try widening the times or the place.
why_it_fits = Why it fits:
accept = Accept
decline = Decline
decline_reason = Reason (shown to the one who offered)
record_contribution = Record what was given
contribution_amount = How much
given_on = Given on
record = Record
withdraw_pledge = Withdraw
mark_met = Mark as met
withdraw_need = Withdraw the need
reopen_need = Reopen the need
err_offer_not_theirs = Choose an active offer of the one you count in as.
err_need_closed = The need is no longer open.
err_already_pledged = You have already counted yourself in for this need.
err_pledge_decided = The pledge has already been answered or withdrawn.
err_given_on = Enter a date that is not in the future.
err_pledge_not_accepted = Only an accepted pledge can be recorded as given.
calls_intro = Initiatives calling for help right now. See what they need, and count yourself in.
calls_none = No calls for help right now.
calls_feed = Follow the calls as a feed (Atom)
call_intro = A call gathers the initiative's open needs on one page you can share. The needs update themselves.
call_message = Message
hint_call_message = Why does it matter, and what happens when someone counts themselves in?
publish_call = Publish the call
call_needs = What we need
call_no_needs = Every need is met right now – thank you!
call_share = Share the call
call_closed = The call has ended.
close_call = End the call
call_from = A call for help from
published = Published
resource_kind_hands = Hands and time
resource_kind_skills = Skills
resource_kind_knowledge = Knowledge
resource_kind_materials = Materials
resource_kind_space = Space
resource_kind_money = Money
resource_kind_practical_help = Permits and practical help
resource_kind_bridge = A bridge into the organisation
unit_hours = hours
unit_items = items
unit_kroner = DKK
unit_times = times
need_status_open = Open
need_status_partly_met = Partly met
need_status_met = Met
need_status_withdrawn = Withdrawn
offer_status_active = Active
offer_status_paused = Paused
offer_status_withdrawn = Withdrawn
pledge_status_pledged = Pledged
pledge_status_accepted = Accepted
pledge_status_declined = Declined
pledge_status_withdrawn = Withdrawn
pledge_status_fulfilled = Given
weekday_monday = Monday
weekday_tuesday = Tuesday
weekday_wednesday = Wednesday
weekday_thursday = Thursday
weekday_friday = Friday
weekday_saturday = Saturday
weekday_sunday = Sunday
day_part_morning = morning
day_part_afternoon = afternoon
day_part_evening = evening
# An amount counted in a unit.
quantity = { $unit ->
        [hours] { $n ->
            [one] { $n } hour
           *[other] { $n } hours
        }
        [items] { $n ->
            [one] { $n } item
           *[other] { $n } items
        }
        [kroner] { $n } DKK
       *[times] { $n ->
            [one] { $n } time
           *[other] { $n } times
        }
    }
err_given_before_pledge = A contribution cannot have been given before the pledge was made.
err_beyond_pledge = That is more than was pledged. Check the amount, or tick that more was given than pledged.
beyond_pledge_confirm = More was given than pledged
given_beyond_pledge = more than pledged
givers_permits = { $n ->
        [one] a permit
       *[other] { $n } permits
    }
givers_citizens = { $n ->
        [one] { $n } citizen
       *[other] { $n } citizens
    }
givers_title = Who gave what
