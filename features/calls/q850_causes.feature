@axb @needs-hooks @needs-calls
Feature: Q.850 causes of a forwarded leg the carrier releases
  When the carrier releases the forwarded leg with a Q.850 cause, the CDR reports it in
  `fwdUnaswRsn` (50-events-cdr-codes §4). The docs do not pair these causes with hang-up causes or
  teardown points: a row asserts the Q.850 cause, and that the other two fields carry codes of
  their tables.

  @id:calls-q850_causes-01 @HANG-002 @TEAR-002 @Q850-900
  Scenario Outline: A forwarded leg released by the carrier reports its Q.850 cause
    Given an AXB binding "b" of A and B on X
    When A calls X and the carrier releases the callee's leg with Q.850 cause <cause>
    Then the call is not connected
    And the CDR of the call gives Q.850 cause <cause>
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
    And the CDR of the call gives a Q.850 cause of Huawei's table

    @Q850-001
    Examples: cause 1
      | cause |
      | 1     |

    @Q850-002
    Examples: cause 2
      | cause |
      | 2     |

    @Q850-003
    Examples: cause 3
      | cause |
      | 3     |

    @Q850-004
    Examples: cause 4
      | cause |
      | 4     |

    @Q850-005
    Examples: cause 5
      | cause |
      | 5     |

    @Q850-006
    Examples: cause 6
      | cause |
      | 6     |

    @Q850-007
    Examples: cause 7
      | cause |
      | 7     |

    @Q850-008
    Examples: cause 8
      | cause |
      | 8     |

    @Q850-009
    Examples: cause 9
      | cause |
      | 9     |

    @Q850-016
    Examples: cause 16
      | cause |
      | 16    |

    @Q850-017
    Examples: cause 17
      | cause |
      | 17    |

    @Q850-018
    Examples: cause 18
      | cause |
      | 18    |

    @Q850-019
    Examples: cause 19
      | cause |
      | 19    |

    @Q850-020
    Examples: cause 20
      | cause |
      | 20    |

    @Q850-021
    Examples: cause 21
      | cause |
      | 21    |

    @Q850-022
    Examples: cause 22
      | cause |
      | 22    |

    @Q850-023
    Examples: cause 23
      | cause |
      | 23    |

    @Q850-025
    Examples: cause 25
      | cause |
      | 25    |

    @Q850-026
    Examples: cause 26
      | cause |
      | 26    |

    @Q850-027
    Examples: cause 27
      | cause |
      | 27    |

    @Q850-028
    Examples: cause 28
      | cause |
      | 28    |

    @Q850-029
    Examples: cause 29
      | cause |
      | 29    |

    @Q850-030
    Examples: cause 30
      | cause |
      | 30    |

    @Q850-031
    Examples: cause 31
      | cause |
      | 31    |

    @Q850-034
    Examples: cause 34
      | cause |
      | 34    |

    @Q850-038
    Examples: cause 38
      | cause |
      | 38    |

    @Q850-039
    Examples: cause 39
      | cause |
      | 39    |

    @Q850-040
    Examples: cause 40
      | cause |
      | 40    |

    @Q850-041
    Examples: cause 41
      | cause |
      | 41    |

    @Q850-042
    Examples: cause 42
      | cause |
      | 42    |

    @Q850-043
    Examples: cause 43
      | cause |
      | 43    |

    @Q850-044
    Examples: cause 44
      | cause |
      | 44    |

    @Q850-046
    Examples: cause 46
      | cause |
      | 46    |

    @Q850-047
    Examples: cause 47
      | cause |
      | 47    |

    @Q850-049
    Examples: cause 49
      | cause |
      | 49    |

    @Q850-050
    Examples: cause 50
      | cause |
      | 50    |

    @Q850-053
    Examples: cause 53
      | cause |
      | 53    |

    @Q850-055
    Examples: cause 55
      | cause |
      | 55    |

    @Q850-057
    Examples: cause 57
      | cause |
      | 57    |

    @Q850-058
    Examples: cause 58
      | cause |
      | 58    |

    @Q850-062
    Examples: cause 62
      | cause |
      | 62    |

    @Q850-063
    Examples: cause 63
      | cause |
      | 63    |

    @Q850-065
    Examples: cause 65
      | cause |
      | 65    |

    @Q850-066
    Examples: cause 66
      | cause |
      | 66    |

    @Q850-069
    Examples: cause 69
      | cause |
      | 69    |

    @Q850-070
    Examples: cause 70
      | cause |
      | 70    |

    @Q850-079
    Examples: cause 79
      | cause |
      | 79    |

    @Q850-081
    Examples: cause 81
      | cause |
      | 81    |

    @Q850-082
    Examples: cause 82
      | cause |
      | 82    |

    @Q850-083
    Examples: cause 83
      | cause |
      | 83    |

    @Q850-084
    Examples: cause 84
      | cause |
      | 84    |

    @Q850-085
    Examples: cause 85
      | cause |
      | 85    |

    @Q850-086
    Examples: cause 86
      | cause |
      | 86    |

    @Q850-087
    Examples: cause 87
      | cause |
      | 87    |

    @Q850-088
    Examples: cause 88
      | cause |
      | 88    |

    @Q850-090
    Examples: cause 90
      | cause |
      | 90    |

    @Q850-091
    Examples: cause 91
      | cause |
      | 91    |

    @Q850-095
    Examples: cause 95
      | cause |
      | 95    |

    @Q850-096
    Examples: cause 96
      | cause |
      | 96    |

    @Q850-097
    Examples: cause 97
      | cause |
      | 97    |

    @Q850-098
    Examples: cause 98
      | cause |
      | 98    |

    @Q850-099
    Examples: cause 99
      | cause |
      | 99    |

    @Q850-100
    Examples: cause 100
      | cause |
      | 100   |

    @Q850-101
    Examples: cause 101
      | cause |
      | 101   |

    @Q850-102
    Examples: cause 102
      | cause |
      | 102   |

    @Q850-103
    Examples: cause 103
      | cause |
      | 103   |

    @Q850-110
    Examples: cause 110
      | cause |
      | 110   |

    @Q850-111
    Examples: cause 111
      | cause |
      | 111   |

    @Q850-127
    Examples: cause 127
      | cause |
      | 127   |
