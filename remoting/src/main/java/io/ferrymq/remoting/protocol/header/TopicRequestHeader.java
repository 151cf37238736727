package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** Requests that name one topic: GET_ROUTEINFO_BY_TOPIC (105), DELETE_TOPIC_IN_NAMESRV (216), and more. */
public class TopicRequestHeader {
    @Required
    public String topic;
    public Boolean acceptStandardJsonOnly;
    public String clusterName;
}
