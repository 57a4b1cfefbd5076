/* run — see run.h. */
#include "run.h"

const run_ev_info_t run_ev_info[EV_COUNT] = {
    {"agreement_signed", "057", "AGREE", 0.8f},  {"agreement_planned", "036", "AGREE", 0.6f},
    {"meeting", "040", "CONSULT", 0.7f},         {"visit", "042", "CONSULT", 0.7f},
    {"conference", "044", "CONSULT", 0.65f},     {"aid", "07", "AID", 0.7f},
    {"relationship_upgrade", "06", "COOPERATE", 0.8f},
    {"joint_body", "06", "COOPERATE", 0.65f},
};

const char *const run_instruments[RUN_N_INSTRUMENTS] = {
    "mou", "letter_of_intent", "agreement", "convention", "contract", "joint_statement", "plan"};
