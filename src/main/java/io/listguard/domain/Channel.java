package io.listguard.domain;

/** The channel a campaign uses. PHONE means a call by a person; AUTOMATED_CALL a machine (R1). */
public enum Channel { EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL }
