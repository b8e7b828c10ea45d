overview_nav = Overview
overview_title_of = Overview: { $scope }
overview_city = The whole municipality
overview_department_whole = { $name } (the whole department)
overview_choose = Choose level and period
overview_level = Level
overview_period = From { $from } to { $to }.
overview_counted = { $n ->
        [one] { $n } initiative was going during the period
       *[other] { $n } initiatives were going during the period
    }
overview_contents = Contents
overview_where = Where do we co-create?
overview_where_lead = The initiatives going during the period by typology, stage, theme and neighbourhood. Every figure leads to the initiatives behind it.
overview_with_whom = With whom?
overview_with_whom_lead = The partners in the initiatives by arena, and the organisations we co-create with most often. Citizens are counted, never named.
overview_given = What do we give, and what do others give?
overview_given_lead = Contributions given during the period to the initiatives, by who gave them, and our grant pools against their budgets.
overview_succeed = Where do we succeed, and where could we do more?
overview_succeed_lead = The value goals and what the initiatives measured, initiatives that have stood in the same stage for more than { $days } days, needs nobody has pledged to, and requests waiting.
overview_taken_over = Colonisation signals
overview_taken_over_lead = Initiatives that citizens, associations, businesses or institutions started and the municipality now owns: when they were handed over, and whether those who started them still coordinate them.
overview_total = Total
overview_typology = Typology: co-creation or co-production, started by citizens and others or by the municipality
overview_initiatives = Initiatives
overview_by_status = By stage
overview_by_theme = By theme
overview_by_neighbourhood = By neighbourhood
overview_no_neighbourhood = (no neighbourhood)
overview_partners = Partners by arena
overview_arena = Arena
overview_partner_count = Partners
overview_places = Participations
overview_frequent = The most frequent partners
overview_partner = Partner
overview_given_by_arena = Given by arena
overview_given_by_units = Given by our units (to any initiative)
overview_unit = Unit
overview_pools = Grant pools and budgets
overview_pool = Pool
overview_budget = Budget
overview_granted = Granted in all
overview_remaining = Remaining
overview_granted_in_period = Granted during the period
overview_goals = Value goals and measurements
overview_goal = Value goal
overview_pursued = Initiatives with the goal
overview_measured = Measure it
overview_with_figures = With figures in the period
overview_targets_reached = Targets reached
overview_reached_of = { $reached } of { $targets }
overview_stuck = In the same stage for more than { $days } days
overview_unpledged = { $n ->
        [one] { $n } open need without a pledge
       *[other] { $n } open needs without a pledge
    }
overview_unpledged_oldest = { $n ->
        [one] { $n } open need without a pledge
       *[other] { $n } open needs without a pledge
    }, the { $shown } oldest shown
overview_overdue_ideas = { $n ->
        [one] { $n } idea from a workshop awaits a decision
       *[other] { $n } ideas from workshops await a decision
    }
overview_overdue_ideas_oldest = { $n ->
        [one] { $n } idea from a workshop awaits a decision
       *[other] { $n } ideas from workshops await a decision
    }, the { $shown } oldest shown
overview_idea = Idea
overview_workshop = Workshop
overview_workshop_held = Held
overview_need = Need
overview_need_kind = Kind
overview_initiative = Initiative
overview_since = Created
overview_front_doors = Requests to our units
overview_waiting = Waiting now
overview_oldest_waiting = The oldest has waited
overview_decided = Decided during the period
overview_median_decision = Median time to decision
overview_taken_over_table = Started by others, owned by the municipality
overview_started_by = Started by
overview_started_by_citizens = Citizens
overview_owned_by = Now owned by
overview_handed_over = Handed over
overview_reason = Reason
overview_starters_lead = The starters still coordinate
overview_chart_of = Chart: { $table }. The figures are in the table below.
overview_none = Nothing to show.
overview_csv = Download "{ $table }" as CSV
overview_behind_title = The initiatives behind the figure
overview_back = Back to the overview
partner_arena_citizens = Citizens
partner_arena_associations = Associations
partner_arena_businesses = Businesses
partner_arena_institutions = Institutions
partner_arena_other_units = Other parts of the municipality
partner_arena_us = Our units
overview_support = Where can we support what already happens?
overview_support_lead = Before we start something of our own: initiatives that citizens, associations, businesses and institutions started in our themes and neighbourhoods, which we are not part of yet – those with the same theme first, then those with the most open needs.
overview_supportable = Initiatives we could back
overview_open_needs = Open needs
overview_network = Network: who takes part in what
overview_network_who = Taking part
overview_network_caption = The initiatives on the left, the organisations on the right; our own units have a dark dot. Every name is a link, and the table below says the same.
