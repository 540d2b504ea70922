"""Small .pb files shared by the tests."""

#: The example from pabulib.org/format, spaces after ";" included.
FORMAT_EXAMPLE = """\
META
key; value
description; Municipal PB in Wieliczka
country; Poland
unit; Wieliczka
instance; 2020
num_projects; 5
num_votes; 10
budget; 2500
rule; greedy
vote_type; approval
min_length; 1
max_length; 3
PROJECTS
project_id; cost; category
1; 600; culture, education
2; 800; sport
4; 1400; culture
5; 1000; health, sport
7; 1200; education
VOTES
voter_id; age; sex; vote
1; 34; f; 1,2,4
2; 51; m; 1,2
3; 23; m; 2,4,5
4; 19; f; 5,7
5; 62; f; 1,4,7
6; 54; m; 1,7
7; 49; m; 5
8; 27; f; 4
9; 39; f; 2,4,5
10; 44; m; 4,5
"""


#: Points ballots with a budget and a cap of 3 points per project.
CUMULATIVE = """META
key;value
budget;100
vote_type;cumulative
max_points;3
PROJECTS
project_id;cost;name
a;60;Park
b;50;Road
VOTES
voter_id;vote;points
v1;a,b;3,2
v2;b;1
"""


#: Four rankings of L, C and R: L has the most first choices; L and C tie head to head.
ORDINAL = """META
key;value
vote_type;ordinal
PROJECTS
project_id;cost
L;0
C;0
R;0
VOTES
voter_id;vote
1;L,C,R
2;L,C,R
3;R,C,L
4;C,L,R
"""
