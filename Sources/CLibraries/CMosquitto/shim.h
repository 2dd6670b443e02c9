#ifndef WINDDOWN_CMOSQUITTO_SHIM_H
#define WINDDOWN_CMOSQUITTO_SHIM_H
// Eclipse Mosquitto's client library (Debian's libmosquitto-dev): MQTT 3.1.1
// to the broker that Home Assistant's MQTT integration talks to.
#include <mosquitto.h>
#endif
