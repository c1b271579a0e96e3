-- checks.consistency: checks.consistency_as_of with every release (the rules R01-R17 and their
-- tolerances are in sql/checks/consistency_as_of.sql).
select * from checks.consistency_as_of(date '9999-12-31')
