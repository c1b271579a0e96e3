-- marts.budget_execution: marts.budget_execution_as_of with every report received (see
-- sql/marts/budget_execution_as_of.sql for the rules: unreported is NULL, never zero).
select * from marts.budget_execution_as_of(date '9999-12-31')
