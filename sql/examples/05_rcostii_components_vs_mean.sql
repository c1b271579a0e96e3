-- Q5. R-COSTII: Daejeon's composite and component scores against the 17-시도 mean, by edition
-- (editions are never mixed), with the strengths and weaknesses the ranks imply.
select
    rco.edition,
    rco.component,
    rco.component_ko,
    rco.score,
    rco.regional_mean,
    round(rco.score - rco.regional_mean, 3) as above_mean,
    rco.rank,
    rco.assessment,
from marts.rcostii as rco
where rco.region_id = 'KR-30'
order by rco.edition, rco.component
