package io.ferrymq.client;

/** Clustering: each message to one member of the group. Broadcasting: each message to every member. */
public enum MessageModel {
    CLUSTERING,
    BROADCASTING
}
