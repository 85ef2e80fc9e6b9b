"""How forces write the canonical values: the generator's stock of phrasings and texts."""

ROLE_PHRASES = {
    "police_officer": [
        "PC",
        "DC",
        "Sgt",
        "Inspector",
        "Police Constable",
        "Detective Sergeant",
        "Ch Insp",
        "Police Officer",
        "T/Sgt",
        "Supt",
    ],
    "special_constable": ["Special Constable", "SC", "Special"],
    "pcso": ["PCSO", "Police Community Support Officer"],
    "police_staff": ["Police Staff", "Civilian Staff", "Member of staff"],
}
ROLE_WEIGHTS = {"police_officer": 62, "special_constable": 6, "pcso": 10, "police_staff": 22}

OUTCOME_PHRASES = {
    "dismissed": ["Dismissed", "Dismissal", "Dismissed without notice"],
    "resigned": ["Resigned", "Resigned before hearing"],
    "retired": ["Retired"],
    "final_written_warning": ["Final Written Warning", "FWW"],
    "written_warning": ["Written Warning", "Written warning"],
    "management_advice": ["Management Advice", "Words of Advice", "Management Action", "RPRP"],
    "no_case_to_answer": ["No case to answer", "Not upheld"],
    "no_further_action": ["NFA", "No Further Action", "No further action"],
    "ongoing": ["Ongoing", "Sub judice"],
    "other": ["Other", "Withdrawn"],
}
OUTCOME_WEIGHTS = {
    "dismissed": 4,
    "resigned": 4,
    "retired": 1,
    "final_written_warning": 8,
    "written_warning": 12,
    "management_advice": 40,
    "no_case_to_answer": 8,
    "no_further_action": 14,
    "ongoing": 5,
    "other": 4,
}
OUTCOME_GROUP = {
    "dismissed": "left_force",
    "resigned": "left_force",
    "retired": "left_force",
    "final_written_warning": "formal_warning",
    "written_warning": "formal_warning",
    "management_advice": "advice",
    "no_case_to_answer": "no_action",
    "no_further_action": "no_action",
    "ongoing": "ongoing",
    "other": "other",
}

ALLEGATIONS = [
    "Posted racist comments on Facebook",
    "Sent a friend request to a victim of crime",
    "Posted photographs of a crime scene on Instagram",
    "Disclosed operational information on Twitter",
    "Made abusive comments about a member of the public",
    "Inappropriate comments about the force on a public forum, bringing it into disrepute",
    "Accessed police systems and shared details on social media",
    "Homophobic remark in a WhatsApp group",
    "Threatening messages sent via Facebook to an ex-partner which were reported by a neighbour",
    "Uploaded a video of colleagues in uniform",
    "Commented on an ongoing investigation",
    "Posted details of a sudden death before next of kin were informed",
]
