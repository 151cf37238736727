package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) header: the same fields under one-letter keys. */
public class SendMessageRequestHeaderV2 {
    @Required
    public String a; // producerGroup
    @Required
    public String b; // topic
    @Required
    public String c; // defaultTopic
    @Required
    public Integer d; // defaultTopicQueueNums
    @Required
    public Integer e; // queueId
    @Required
    public Integer f; // sysFlag
    @Required
    public Long g; // bornTimestamp
    @Required
    public Integer h; // flag
    public String i; // properties
    public Integer j; // reconsumeTimes
    public boolean k; // unitMode
    public Integer l; // maxReconsumeTimes
    public Boolean m; // batch
    public String n; // broker name

    /** The same request under its long names. */
    public SendMessageRequestHeader toV1() {
        SendMessageRequestHeader v1 = new SendMessageRequestHeader();
        v1.producerGroup = a;
        v1.topic = b;
        v1.defaultTopic = c;
        v1.defaultTopicQueueNums = d;
        v1.queueId = e;
        v1.sysFlag = f;
        v1.bornTimestamp = g;
        v1.flag = h;
        v1.properties = i;
        v1.reconsumeTimes = j;
        v1.unitMode = k;
        v1.maxReconsumeTimes = l;
        v1.batch = m;
        v1.bname = n;
        return v1;
    }

    public static SendMessageRequestHeaderV2 fromV1(SendMessageRequestHeader v1) {
        SendMessageRequestHeaderV2 v2 = new SendMessageRequestHeaderV2();
        v2.a = v1.producerGroup;
        v2.b = v1.topic;
        v2.c = v1.defaultTopic;
        v2.d = v1.defaultTopicQueueNums;
        v2.e = v1.queueId;
        v2.f = v1.sysFlag;
        v2.g = v1.bornTimestamp;
        v2.h = v1.flag;
        v2.i = v1.properties;
        v2.j = v1.reconsumeTimes;
        v2.k = v1.unitMode;
        v2.l = v1.maxReconsumeTimes;
        v2.m = v1.batch;
        v2.n = v1.bname;
        return v2;
    }
}
