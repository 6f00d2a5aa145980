package io.listguard.domain;

/** How recipients can object to further messages (R3, R4). */
public enum OptOutMechanism { LINK, SMS_STOP, PREMIUM_NUMBER, POSTAL_ADDRESS, FREE_PHONE, NONE }
