"""The law as code: one module per step of the Electoral College, each citing its source.

- :mod:`~electoral.rules.apportionment`: census -> House seats (art. I, §2, cl. 3; the 14th
  Amendment, §2; 2 U.S.C. §2a).
- :mod:`~electoral.rules.electors`: seats -> electors (art. II, §1, cl. 2; the 23rd Amendment).
- :mod:`~electoral.rules.appointment`: returns -> electors pledged (art. II, §1, cl. 2).
- :mod:`~electoral.rules.ballots`: the electors' votes (12th Amendment; state binding laws).
- :mod:`~electoral.rules.count`: the count in Congress (12th Amendment; 3 U.S.C. §15).
- :mod:`~electoral.rules.contingent`: the House and the Senate choose (12th and 20th Amendments).

Rules are pure: no I/O, no printing. Rule families are registered by stable kebab-case ids.
"""
