/*
 * Generated from spec/argo-rollouts/rollout-crd-v1.9.1.yaml, spec/argo-rollouts/analysis-run-crd-v1.9.1.yaml, spec/argo-rollouts/analysis-template-crd-v1.9.1.yaml by `yarn generate`
 * (scripts/generate-contract-types.mjs, openapi-typescript). Do not edit:
 * change the spec and regenerate.
 */

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Rollout: {
            apiVersion?: string;
            kind?: string;
            metadata?: Record<string, unknown>;
            spec: {
                analysis?: {
                    /** Format: int32 */
                    successfulRunHistoryLimit?: number;
                    /** Format: int32 */
                    unsuccessfulRunHistoryLimit?: number;
                };
                /** Format: int32 */
                minReadySeconds?: number;
                paused?: boolean;
                progressDeadlineAbort?: boolean;
                /** Format: int32 */
                progressDeadlineSeconds?: number;
                /** Format: int32 */
                replicas?: number;
                /** Format: date-time */
                restartAt?: string;
                /** Format: int32 */
                revisionHistoryLimit?: number;
                rollbackWindow?: {
                    /** Format: int32 */
                    revisions?: number;
                };
                selector?: {
                    matchExpressions?: {
                        key: string;
                        operator: string;
                        values?: string[];
                    }[];
                    matchLabels?: {
                        [key: string]: string;
                    };
                };
                strategy?: {
                    blueGreen?: {
                        /** Format: int32 */
                        abortScaleDownDelaySeconds?: number;
                        activeMetadata?: {
                            annotations?: {
                                [key: string]: string;
                            };
                            labels?: {
                                [key: string]: string;
                            };
                        };
                        activeService: string;
                        antiAffinity?: {
                            preferredDuringSchedulingIgnoredDuringExecution?: {
                                /** Format: int32 */
                                weight: number;
                            };
                            requiredDuringSchedulingIgnoredDuringExecution?: Record<string, unknown>;
                        };
                        autoPromotionEnabled?: boolean;
                        /** Format: int32 */
                        autoPromotionSeconds?: number;
                        maxUnavailable?: number | string;
                        postPromotionAnalysis?: {
                            analysisRunMetadata?: {
                                annotations?: {
                                    [key: string]: string;
                                };
                                labels?: {
                                    [key: string]: string;
                                };
                            };
                            args?: {
                                name: string;
                                value?: string;
                                valueFrom?: {
                                    fieldRef?: {
                                        fieldPath: string;
                                    };
                                    podTemplateHashValue?: string;
                                };
                            }[];
                            dryRun?: {
                                metricName: string;
                            }[];
                            measurementRetention?: {
                                /** Format: int32 */
                                limit: number;
                                metricName: string;
                            }[];
                            templates?: {
                                clusterScope?: boolean;
                                templateName?: string;
                            }[];
                        };
                        prePromotionAnalysis?: {
                            analysisRunMetadata?: {
                                annotations?: {
                                    [key: string]: string;
                                };
                                labels?: {
                                    [key: string]: string;
                                };
                            };
                            args?: {
                                name: string;
                                value?: string;
                                valueFrom?: {
                                    fieldRef?: {
                                        fieldPath: string;
                                    };
                                    podTemplateHashValue?: string;
                                };
                            }[];
                            dryRun?: {
                                metricName: string;
                            }[];
                            measurementRetention?: {
                                /** Format: int32 */
                                limit: number;
                                metricName: string;
                            }[];
                            templates?: {
                                clusterScope?: boolean;
                                templateName?: string;
                            }[];
                        };
                        previewMetadata?: {
                            annotations?: {
                                [key: string]: string;
                            };
                            labels?: {
                                [key: string]: string;
                            };
                        };
                        /** Format: int32 */
                        previewReplicaCount?: number;
                        previewService?: string;
                        /** Format: int32 */
                        scaleDownDelayRevisionLimit?: number;
                        /** Format: int32 */
                        scaleDownDelaySeconds?: number;
                    };
                    canary?: {
                        /** Format: int32 */
                        abortScaleDownDelaySeconds?: number;
                        analysis?: {
                            analysisRunMetadata?: {
                                annotations?: {
                                    [key: string]: string;
                                };
                                labels?: {
                                    [key: string]: string;
                                };
                            };
                            args?: {
                                name: string;
                                value?: string;
                                valueFrom?: {
                                    fieldRef?: {
                                        fieldPath: string;
                                    };
                                    podTemplateHashValue?: string;
                                };
                            }[];
                            dryRun?: {
                                metricName: string;
                            }[];
                            measurementRetention?: {
                                /** Format: int32 */
                                limit: number;
                                metricName: string;
                            }[];
                            /** Format: int32 */
                            startingStep?: number;
                            templates?: {
                                clusterScope?: boolean;
                                templateName?: string;
                            }[];
                        };
                        antiAffinity?: {
                            preferredDuringSchedulingIgnoredDuringExecution?: {
                                /** Format: int32 */
                                weight: number;
                            };
                            requiredDuringSchedulingIgnoredDuringExecution?: Record<string, unknown>;
                        };
                        canaryMetadata?: {
                            annotations?: {
                                [key: string]: string;
                            };
                            labels?: {
                                [key: string]: string;
                            };
                        };
                        canaryService?: string;
                        dynamicStableScale?: boolean;
                        maxSurge?: number | string;
                        maxUnavailable?: number | string;
                        /** Format: int32 */
                        minPodsPerReplicaSet?: number;
                        pingPong?: {
                            pingService: string;
                            pongService: string;
                        };
                        replicaProgressThreshold?: {
                            type: string;
                            /** Format: int32 */
                            value: number;
                        };
                        /** Format: int32 */
                        scaleDownDelayRevisionLimit?: number;
                        /** Format: int32 */
                        scaleDownDelaySeconds?: number;
                        stableMetadata?: {
                            annotations?: {
                                [key: string]: string;
                            };
                            labels?: {
                                [key: string]: string;
                            };
                        };
                        stableService?: string;
                        steps?: {
                            analysis?: {
                                analysisRunMetadata?: {
                                    annotations?: {
                                        [key: string]: string;
                                    };
                                    labels?: {
                                        [key: string]: string;
                                    };
                                };
                                args?: {
                                    name: string;
                                    value?: string;
                                    valueFrom?: {
                                        fieldRef?: {
                                            fieldPath: string;
                                        };
                                        podTemplateHashValue?: string;
                                    };
                                }[];
                                dryRun?: {
                                    metricName: string;
                                }[];
                                measurementRetention?: {
                                    /** Format: int32 */
                                    limit: number;
                                    metricName: string;
                                }[];
                                templates?: {
                                    clusterScope?: boolean;
                                    templateName?: string;
                                }[];
                            };
                            experiment?: {
                                analyses?: {
                                    args?: {
                                        name: string;
                                        value?: string;
                                        valueFrom?: {
                                            fieldRef?: {
                                                fieldPath: string;
                                            };
                                            podTemplateHashValue?: string;
                                        };
                                    }[];
                                    clusterScope?: boolean;
                                    name: string;
                                    requiredForCompletion?: boolean;
                                    templateName: string;
                                }[];
                                analysisRunMetadata?: {
                                    annotations?: {
                                        [key: string]: string;
                                    };
                                    labels?: {
                                        [key: string]: string;
                                    };
                                };
                                dryRun?: {
                                    metricName: string;
                                }[];
                                duration?: string;
                                /** Format: int32 */
                                scaleDownDelaySeconds?: number;
                                templates: {
                                    metadata?: {
                                        annotations?: {
                                            [key: string]: string;
                                        };
                                        labels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    name: string;
                                    /** Format: int32 */
                                    replicas?: number;
                                    selector?: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchLabels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    service?: {
                                        name?: string;
                                    };
                                    specRef: string;
                                    /** Format: int32 */
                                    weight?: number;
                                }[];
                            };
                            pause?: {
                                duration?: number | string;
                            };
                            plugin?: {
                                config?: {
                                    [key: string]: unknown;
                                };
                                name: string;
                            };
                            setCanaryScale?: {
                                matchTrafficWeight?: boolean;
                                /** Format: int32 */
                                replicas?: number;
                                /** Format: int32 */
                                weight?: number;
                            };
                            setHeaderRoute?: {
                                match?: {
                                    headerName: string;
                                    headerValue: {
                                        exact?: string;
                                        prefix?: string;
                                        regex?: string;
                                    };
                                }[];
                                name?: string;
                            };
                            setMirrorRoute?: {
                                match?: {
                                    headers?: {
                                        [key: string]: {
                                            exact?: string;
                                            prefix?: string;
                                            regex?: string;
                                        };
                                    };
                                    method?: {
                                        exact?: string;
                                        prefix?: string;
                                        regex?: string;
                                    };
                                    path?: {
                                        exact?: string;
                                        prefix?: string;
                                        regex?: string;
                                    };
                                }[];
                                name: string;
                                /** Format: int32 */
                                percentage?: number;
                            };
                            /** Format: int32 */
                            setWeight?: number;
                        }[];
                        trafficRouting?: {
                            alb?: {
                                annotationPrefix?: string;
                                ingress?: string;
                                ingresses?: string[];
                                rootService?: string;
                                /** Format: int32 */
                                servicePort: number;
                                stickinessConfig?: {
                                    /** Format: int64 */
                                    durationSeconds: number;
                                    enabled: boolean;
                                };
                            };
                            ambassador?: {
                                mappings: string[];
                            };
                            apisix?: {
                                route?: {
                                    name: string;
                                    rules?: string[];
                                };
                            };
                            appMesh?: {
                                virtualNodeGroup?: {
                                    canaryVirtualNodeRef: {
                                        name: string;
                                    };
                                    stableVirtualNodeRef: {
                                        name: string;
                                    };
                                };
                                virtualService?: {
                                    name: string;
                                    routes?: string[];
                                };
                            };
                            istio?: {
                                destinationRule?: {
                                    additionalSubsetNames?: string[];
                                    canarySubsetName: string;
                                    name: string;
                                    stableSubsetName: string;
                                };
                                virtualService?: {
                                    name: string;
                                    routes?: string[];
                                    tcpRoutes?: {
                                        /** Format: int64 */
                                        port?: number;
                                    }[];
                                    tlsRoutes?: {
                                        /** Format: int64 */
                                        port?: number;
                                        sniHosts?: string[];
                                    }[];
                                };
                                virtualServices?: {
                                    name: string;
                                    routes?: string[];
                                    tcpRoutes?: {
                                        /** Format: int64 */
                                        port?: number;
                                    }[];
                                    tlsRoutes?: {
                                        /** Format: int64 */
                                        port?: number;
                                        sniHosts?: string[];
                                    }[];
                                }[];
                            };
                            managedRoutes?: {
                                name: string;
                            }[];
                            /** Format: int32 */
                            maxTrafficWeight?: number;
                            nginx?: {
                                additionalIngressAnnotations?: {
                                    [key: string]: string;
                                };
                                annotationPrefix?: string;
                                canaryIngressAnnotations?: {
                                    [key: string]: string;
                                };
                                stableIngress?: string;
                                stableIngresses?: string[];
                            };
                            plugins?: {
                                [key: string]: unknown;
                            };
                            smi?: {
                                rootService?: string;
                                trafficSplitName?: string;
                            };
                            traefik?: {
                                weightedTraefikServiceName: string;
                            };
                        };
                    };
                };
                template?: {
                    metadata?: {
                        annotations?: {
                            [key: string]: string;
                        };
                        labels?: {
                            [key: string]: string;
                        };
                    };
                    spec?: {
                        /** Format: int64 */
                        activeDeadlineSeconds?: number;
                        affinity?: {
                            nodeAffinity?: {
                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                    preference: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchFields?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                    };
                                    /** Format: int32 */
                                    weight: number;
                                }[];
                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                    nodeSelectorTerms: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchFields?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                    }[];
                                };
                            };
                            podAffinity?: {
                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                    podAffinityTerm: {
                                        labelSelector?: {
                                            matchExpressions?: {
                                                key: string;
                                                operator: string;
                                                values?: string[];
                                            }[];
                                            matchLabels?: {
                                                [key: string]: string;
                                            };
                                        };
                                        matchLabelKeys?: string[];
                                        mismatchLabelKeys?: string[];
                                        namespaceSelector?: {
                                            matchExpressions?: {
                                                key: string;
                                                operator: string;
                                                values?: string[];
                                            }[];
                                            matchLabels?: {
                                                [key: string]: string;
                                            };
                                        };
                                        namespaces?: string[];
                                        topologyKey: string;
                                    };
                                    /** Format: int32 */
                                    weight: number;
                                }[];
                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                    labelSelector?: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchLabels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    matchLabelKeys?: string[];
                                    mismatchLabelKeys?: string[];
                                    namespaceSelector?: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchLabels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    namespaces?: string[];
                                    topologyKey: string;
                                }[];
                            };
                            podAntiAffinity?: {
                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                    podAffinityTerm: {
                                        labelSelector?: {
                                            matchExpressions?: {
                                                key: string;
                                                operator: string;
                                                values?: string[];
                                            }[];
                                            matchLabels?: {
                                                [key: string]: string;
                                            };
                                        };
                                        matchLabelKeys?: string[];
                                        mismatchLabelKeys?: string[];
                                        namespaceSelector?: {
                                            matchExpressions?: {
                                                key: string;
                                                operator: string;
                                                values?: string[];
                                            }[];
                                            matchLabels?: {
                                                [key: string]: string;
                                            };
                                        };
                                        namespaces?: string[];
                                        topologyKey: string;
                                    };
                                    /** Format: int32 */
                                    weight: number;
                                }[];
                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                    labelSelector?: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchLabels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    matchLabelKeys?: string[];
                                    mismatchLabelKeys?: string[];
                                    namespaceSelector?: {
                                        matchExpressions?: {
                                            key: string;
                                            operator: string;
                                            values?: string[];
                                        }[];
                                        matchLabels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    namespaces?: string[];
                                    topologyKey: string;
                                }[];
                            };
                        };
                        automountServiceAccountToken?: boolean;
                        containers: {
                            args?: string[];
                            command?: string[];
                            env?: {
                                name: string;
                                value?: string;
                                valueFrom?: {
                                    configMapKeyRef?: {
                                        key: string;
                                        /** @default  */
                                        name: string;
                                        optional?: boolean;
                                    };
                                    fieldRef?: {
                                        apiVersion?: string;
                                        fieldPath: string;
                                    };
                                    fileKeyRef?: {
                                        key: string;
                                        /** @default false */
                                        optional: boolean;
                                        path: string;
                                        volumeName: string;
                                    };
                                    resourceFieldRef?: {
                                        containerName?: string;
                                        divisor?: number | string;
                                        resource: string;
                                    };
                                    secretKeyRef?: {
                                        key: string;
                                        /** @default  */
                                        name: string;
                                        optional?: boolean;
                                    };
                                };
                            }[];
                            envFrom?: {
                                configMapRef?: {
                                    /** @default  */
                                    name: string;
                                    optional?: boolean;
                                };
                                prefix?: string;
                                secretRef?: {
                                    /** @default  */
                                    name: string;
                                    optional?: boolean;
                                };
                            }[];
                            image?: string;
                            imagePullPolicy?: string;
                            lifecycle?: {
                                postStart?: {
                                    exec?: {
                                        command?: string[];
                                    };
                                    httpGet?: {
                                        host?: string;
                                        httpHeaders?: {
                                            name: string;
                                            value: string;
                                        }[];
                                        path?: string;
                                        port: number | string;
                                        scheme?: string;
                                    };
                                    sleep?: {
                                        /** Format: int64 */
                                        seconds: number;
                                    };
                                    tcpSocket?: {
                                        host?: string;
                                        port: number | string;
                                    };
                                };
                                preStop?: {
                                    exec?: {
                                        command?: string[];
                                    };
                                    httpGet?: {
                                        host?: string;
                                        httpHeaders?: {
                                            name: string;
                                            value: string;
                                        }[];
                                        path?: string;
                                        port: number | string;
                                        scheme?: string;
                                    };
                                    sleep?: {
                                        /** Format: int64 */
                                        seconds: number;
                                    };
                                    tcpSocket?: {
                                        host?: string;
                                        port: number | string;
                                    };
                                };
                                stopSignal?: string;
                            };
                            livenessProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            name: string;
                            ports?: {
                                /** Format: int32 */
                                containerPort: number;
                                hostIP?: string;
                                /** Format: int32 */
                                hostPort?: number;
                                name?: string;
                                /** @default TCP */
                                protocol: string;
                            }[];
                            readinessProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            resizePolicy?: {
                                resourceName: string;
                                restartPolicy: string;
                            }[];
                            resources?: {
                                claims?: {
                                    name: string;
                                    request?: string;
                                }[];
                                limits?: {
                                    [key: string]: unknown;
                                };
                                requests?: {
                                    [key: string]: unknown;
                                };
                            };
                            restartPolicy?: string;
                            restartPolicyRules?: {
                                action: string;
                                exitCodes?: {
                                    operator: string;
                                    values?: number[];
                                };
                            }[];
                            securityContext?: {
                                allowPrivilegeEscalation?: boolean;
                                appArmorProfile?: {
                                    localhostProfile?: string;
                                    type: string;
                                };
                                capabilities?: {
                                    add?: string[];
                                    drop?: string[];
                                };
                                privileged?: boolean;
                                procMount?: string;
                                readOnlyRootFilesystem?: boolean;
                                /** Format: int64 */
                                runAsGroup?: number;
                                runAsNonRoot?: boolean;
                                /** Format: int64 */
                                runAsUser?: number;
                                seLinuxOptions?: {
                                    level?: string;
                                    role?: string;
                                    type?: string;
                                    user?: string;
                                };
                                seccompProfile?: {
                                    localhostProfile?: string;
                                    type: string;
                                };
                                windowsOptions?: {
                                    gmsaCredentialSpec?: string;
                                    gmsaCredentialSpecName?: string;
                                    hostProcess?: boolean;
                                    runAsUserName?: string;
                                };
                            };
                            startupProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            stdin?: boolean;
                            stdinOnce?: boolean;
                            terminationMessagePath?: string;
                            terminationMessagePolicy?: string;
                            tty?: boolean;
                            volumeDevices?: {
                                devicePath: string;
                                name: string;
                            }[];
                            volumeMounts?: {
                                mountPath: string;
                                mountPropagation?: string;
                                name: string;
                                readOnly?: boolean;
                                recursiveReadOnly?: string;
                                subPath?: string;
                                subPathExpr?: string;
                            }[];
                            workingDir?: string;
                        }[];
                        dnsConfig?: {
                            nameservers?: string[];
                            options?: {
                                name?: string;
                                value?: string;
                            }[];
                            searches?: string[];
                        };
                        dnsPolicy?: string;
                        enableServiceLinks?: boolean;
                        ephemeralContainers?: {
                            args?: string[];
                            command?: string[];
                            env?: {
                                name: string;
                                value?: string;
                                valueFrom?: {
                                    configMapKeyRef?: {
                                        key: string;
                                        /** @default  */
                                        name: string;
                                        optional?: boolean;
                                    };
                                    fieldRef?: {
                                        apiVersion?: string;
                                        fieldPath: string;
                                    };
                                    fileKeyRef?: {
                                        key: string;
                                        /** @default false */
                                        optional: boolean;
                                        path: string;
                                        volumeName: string;
                                    };
                                    resourceFieldRef?: {
                                        containerName?: string;
                                        divisor?: number | string;
                                        resource: string;
                                    };
                                    secretKeyRef?: {
                                        key: string;
                                        /** @default  */
                                        name: string;
                                        optional?: boolean;
                                    };
                                };
                            }[];
                            envFrom?: {
                                configMapRef?: {
                                    /** @default  */
                                    name: string;
                                    optional?: boolean;
                                };
                                prefix?: string;
                                secretRef?: {
                                    /** @default  */
                                    name: string;
                                    optional?: boolean;
                                };
                            }[];
                            image?: string;
                            imagePullPolicy?: string;
                            lifecycle?: {
                                postStart?: {
                                    exec?: {
                                        command?: string[];
                                    };
                                    httpGet?: {
                                        host?: string;
                                        httpHeaders?: {
                                            name: string;
                                            value: string;
                                        }[];
                                        path?: string;
                                        port: number | string;
                                        scheme?: string;
                                    };
                                    sleep?: {
                                        /** Format: int64 */
                                        seconds: number;
                                    };
                                    tcpSocket?: {
                                        host?: string;
                                        port: number | string;
                                    };
                                };
                                preStop?: {
                                    exec?: {
                                        command?: string[];
                                    };
                                    httpGet?: {
                                        host?: string;
                                        httpHeaders?: {
                                            name: string;
                                            value: string;
                                        }[];
                                        path?: string;
                                        port: number | string;
                                        scheme?: string;
                                    };
                                    sleep?: {
                                        /** Format: int64 */
                                        seconds: number;
                                    };
                                    tcpSocket?: {
                                        host?: string;
                                        port: number | string;
                                    };
                                };
                                stopSignal?: string;
                            };
                            livenessProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            name: string;
                            ports?: {
                                /** Format: int32 */
                                containerPort: number;
                                hostIP?: string;
                                /** Format: int32 */
                                hostPort?: number;
                                name?: string;
                                /** @default TCP */
                                protocol: string;
                            }[];
                            readinessProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            resizePolicy?: {
                                resourceName: string;
                                restartPolicy: string;
                            }[];
                            resources?: {
                                claims?: {
                                    name: string;
                                    request?: string;
                                }[];
                                limits?: {
                                    [key: string]: unknown;
                                };
                                requests?: {
                                    [key: string]: unknown;
                                };
                            };
                            restartPolicy?: string;
                            restartPolicyRules?: {
                                action: string;
                                exitCodes?: {
                                    operator: string;
                                    values?: number[];
                                };
                            }[];
                            securityContext?: {
                                allowPrivilegeEscalation?: boolean;
                                appArmorProfile?: {
                                    localhostProfile?: string;
                                    type: string;
                                };
                                capabilities?: {
                                    add?: string[];
                                    drop?: string[];
                                };
                                privileged?: boolean;
                                procMount?: string;
                                readOnlyRootFilesystem?: boolean;
                                /** Format: int64 */
                                runAsGroup?: number;
                                runAsNonRoot?: boolean;
                                /** Format: int64 */
                                runAsUser?: number;
                                seLinuxOptions?: {
                                    level?: string;
                                    role?: string;
                                    type?: string;
                                    user?: string;
                                };
                                seccompProfile?: {
                                    localhostProfile?: string;
                                    type: string;
                                };
                                windowsOptions?: {
                                    gmsaCredentialSpec?: string;
                                    gmsaCredentialSpecName?: string;
                                    hostProcess?: boolean;
                                    runAsUserName?: string;
                                };
                            };
                            startupProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            stdin?: boolean;
                            stdinOnce?: boolean;
                            targetContainerName?: string;
                            terminationMessagePath?: string;
                            terminationMessagePolicy?: string;
                            tty?: boolean;
                            volumeDevices?: {
                                devicePath: string;
                                name: string;
                            }[];
                            volumeMounts?: {
                                mountPath: string;
                                mountPropagation?: string;
                                name: string;
                                readOnly?: boolean;
                                recursiveReadOnly?: string;
                                subPath?: string;
                                subPathExpr?: string;
                            }[];
                            workingDir?: string;
                        }[];
                        hostAliases?: {
                            hostnames?: string[];
                            ip: string;
                        }[];
                        hostIPC?: boolean;
                        hostNetwork?: boolean;
                        hostPID?: boolean;
                        hostUsers?: boolean;
                        hostname?: string;
                        hostnameOverride?: string;
                        imagePullSecrets?: {
                            /** @default  */
                            name: string;
                        }[];
                        initContainers?: {
                            args?: string[];
                            command?: string[];
                            env?: {
                                name: string;
                                value?: string;
                                valueFrom?: {
                                    configMapKeyRef?: {
                                        key: string;
                                        /** @default  */
                                        name: string;
                                        optional?: boolean;
                                    };
                                    fieldRef?: {
                                        apiVersion?: string;
                                        fieldPath: string;
                                    };
                                    fileKeyRef?: {
                                        key: string;
                                        /** @default false */
                                        optional: boolean;
                                        path: string;
                                        volumeName: string;
                                    };
                                    resourceFieldRef?: {
                                        containerName?: string;
                                        divisor?: number | string;
                                        resource: string;
                                    };
                                    secretKeyRef?: {
                                        key: string;
                                        /** @default  */
                                        name: string;
                                        optional?: boolean;
                                    };
                                };
                            }[];
                            envFrom?: {
                                configMapRef?: {
                                    /** @default  */
                                    name: string;
                                    optional?: boolean;
                                };
                                prefix?: string;
                                secretRef?: {
                                    /** @default  */
                                    name: string;
                                    optional?: boolean;
                                };
                            }[];
                            image?: string;
                            imagePullPolicy?: string;
                            lifecycle?: {
                                postStart?: {
                                    exec?: {
                                        command?: string[];
                                    };
                                    httpGet?: {
                                        host?: string;
                                        httpHeaders?: {
                                            name: string;
                                            value: string;
                                        }[];
                                        path?: string;
                                        port: number | string;
                                        scheme?: string;
                                    };
                                    sleep?: {
                                        /** Format: int64 */
                                        seconds: number;
                                    };
                                    tcpSocket?: {
                                        host?: string;
                                        port: number | string;
                                    };
                                };
                                preStop?: {
                                    exec?: {
                                        command?: string[];
                                    };
                                    httpGet?: {
                                        host?: string;
                                        httpHeaders?: {
                                            name: string;
                                            value: string;
                                        }[];
                                        path?: string;
                                        port: number | string;
                                        scheme?: string;
                                    };
                                    sleep?: {
                                        /** Format: int64 */
                                        seconds: number;
                                    };
                                    tcpSocket?: {
                                        host?: string;
                                        port: number | string;
                                    };
                                };
                                stopSignal?: string;
                            };
                            livenessProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            name: string;
                            ports?: {
                                /** Format: int32 */
                                containerPort: number;
                                hostIP?: string;
                                /** Format: int32 */
                                hostPort?: number;
                                name?: string;
                                /** @default TCP */
                                protocol: string;
                            }[];
                            readinessProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            resizePolicy?: {
                                resourceName: string;
                                restartPolicy: string;
                            }[];
                            resources?: {
                                claims?: {
                                    name: string;
                                    request?: string;
                                }[];
                                limits?: {
                                    [key: string]: unknown;
                                };
                                requests?: {
                                    [key: string]: unknown;
                                };
                            };
                            restartPolicy?: string;
                            restartPolicyRules?: {
                                action: string;
                                exitCodes?: {
                                    operator: string;
                                    values?: number[];
                                };
                            }[];
                            securityContext?: {
                                allowPrivilegeEscalation?: boolean;
                                appArmorProfile?: {
                                    localhostProfile?: string;
                                    type: string;
                                };
                                capabilities?: {
                                    add?: string[];
                                    drop?: string[];
                                };
                                privileged?: boolean;
                                procMount?: string;
                                readOnlyRootFilesystem?: boolean;
                                /** Format: int64 */
                                runAsGroup?: number;
                                runAsNonRoot?: boolean;
                                /** Format: int64 */
                                runAsUser?: number;
                                seLinuxOptions?: {
                                    level?: string;
                                    role?: string;
                                    type?: string;
                                    user?: string;
                                };
                                seccompProfile?: {
                                    localhostProfile?: string;
                                    type: string;
                                };
                                windowsOptions?: {
                                    gmsaCredentialSpec?: string;
                                    gmsaCredentialSpecName?: string;
                                    hostProcess?: boolean;
                                    runAsUserName?: string;
                                };
                            };
                            startupProbe?: {
                                exec?: {
                                    command?: string[];
                                };
                                /** Format: int32 */
                                failureThreshold?: number;
                                grpc?: {
                                    /** Format: int32 */
                                    port: number;
                                    /** @default  */
                                    service: string;
                                };
                                httpGet?: {
                                    host?: string;
                                    httpHeaders?: {
                                        name: string;
                                        value: string;
                                    }[];
                                    path?: string;
                                    port: number | string;
                                    scheme?: string;
                                };
                                /** Format: int32 */
                                initialDelaySeconds?: number;
                                /** Format: int32 */
                                periodSeconds?: number;
                                /** Format: int32 */
                                successThreshold?: number;
                                tcpSocket?: {
                                    host?: string;
                                    port: number | string;
                                };
                                /** Format: int64 */
                                terminationGracePeriodSeconds?: number;
                                /** Format: int32 */
                                timeoutSeconds?: number;
                            };
                            stdin?: boolean;
                            stdinOnce?: boolean;
                            terminationMessagePath?: string;
                            terminationMessagePolicy?: string;
                            tty?: boolean;
                            volumeDevices?: {
                                devicePath: string;
                                name: string;
                            }[];
                            volumeMounts?: {
                                mountPath: string;
                                mountPropagation?: string;
                                name: string;
                                readOnly?: boolean;
                                recursiveReadOnly?: string;
                                subPath?: string;
                                subPathExpr?: string;
                            }[];
                            workingDir?: string;
                        }[];
                        nodeName?: string;
                        nodeSelector?: {
                            [key: string]: string;
                        };
                        os?: {
                            name: string;
                        };
                        overhead?: {
                            [key: string]: number | string;
                        };
                        preemptionPolicy?: string;
                        /** Format: int32 */
                        priority?: number;
                        priorityClassName?: string;
                        readinessGates?: {
                            conditionType: string;
                        }[];
                        resourceClaims?: {
                            name: string;
                            resourceClaimName?: string;
                            resourceClaimTemplateName?: string;
                        }[];
                        resources?: {
                            claims?: {
                                name: string;
                                request?: string;
                            }[];
                            limits?: {
                                [key: string]: number | string;
                            };
                            requests?: {
                                [key: string]: number | string;
                            };
                        };
                        restartPolicy?: string;
                        runtimeClassName?: string;
                        schedulerName?: string;
                        schedulingGates?: {
                            name: string;
                        }[];
                        securityContext?: {
                            appArmorProfile?: {
                                localhostProfile?: string;
                                type: string;
                            };
                            /** Format: int64 */
                            fsGroup?: number;
                            fsGroupChangePolicy?: string;
                            /** Format: int64 */
                            runAsGroup?: number;
                            runAsNonRoot?: boolean;
                            /** Format: int64 */
                            runAsUser?: number;
                            seLinuxChangePolicy?: string;
                            seLinuxOptions?: {
                                level?: string;
                                role?: string;
                                type?: string;
                                user?: string;
                            };
                            seccompProfile?: {
                                localhostProfile?: string;
                                type: string;
                            };
                            supplementalGroups?: number[];
                            supplementalGroupsPolicy?: string;
                            sysctls?: {
                                name: string;
                                value: string;
                            }[];
                            windowsOptions?: {
                                gmsaCredentialSpec?: string;
                                gmsaCredentialSpecName?: string;
                                hostProcess?: boolean;
                                runAsUserName?: string;
                            };
                        };
                        serviceAccount?: string;
                        serviceAccountName?: string;
                        setHostnameAsFQDN?: boolean;
                        shareProcessNamespace?: boolean;
                        subdomain?: string;
                        /** Format: int64 */
                        terminationGracePeriodSeconds?: number;
                        tolerations?: {
                            effect?: string;
                            key?: string;
                            operator?: string;
                            /** Format: int64 */
                            tolerationSeconds?: number;
                            value?: string;
                        }[];
                        topologySpreadConstraints?: {
                            labelSelector?: {
                                matchExpressions?: {
                                    key: string;
                                    operator: string;
                                    values?: string[];
                                }[];
                                matchLabels?: {
                                    [key: string]: string;
                                };
                            };
                            matchLabelKeys?: string[];
                            /** Format: int32 */
                            maxSkew: number;
                            /** Format: int32 */
                            minDomains?: number;
                            nodeAffinityPolicy?: string;
                            nodeTaintsPolicy?: string;
                            topologyKey: string;
                            whenUnsatisfiable: string;
                        }[];
                        volumes?: {
                            [key: string]: unknown;
                        };
                    };
                };
                workloadRef?: {
                    apiVersion?: string;
                    kind?: string;
                    name?: string;
                    scaleDown?: string;
                };
            };
            status?: {
                /** Format: int32 */
                HPAReplicas?: number;
                abort?: boolean;
                /** Format: date-time */
                abortedAt?: string;
                alb?: {
                    canaryTargetGroup?: {
                        arn: string;
                        fullName?: string;
                        name: string;
                    };
                    ingress?: string;
                    loadBalancer?: {
                        arn: string;
                        fullName?: string;
                        name: string;
                    };
                    stableTargetGroup?: {
                        arn: string;
                        fullName?: string;
                        name: string;
                    };
                };
                albs?: {
                    canaryTargetGroup?: {
                        arn: string;
                        fullName?: string;
                        name: string;
                    };
                    ingress?: string;
                    loadBalancer?: {
                        arn: string;
                        fullName?: string;
                        name: string;
                    };
                    stableTargetGroup?: {
                        arn: string;
                        fullName?: string;
                        name: string;
                    };
                }[];
                /** Format: int32 */
                availableReplicas?: number;
                blueGreen?: {
                    activeSelector?: string;
                    postPromotionAnalysisRunStatus?: {
                        message?: string;
                        name: string;
                        status: string;
                    };
                    prePromotionAnalysisRunStatus?: {
                        message?: string;
                        name: string;
                        status: string;
                    };
                    previewSelector?: string;
                    scaleUpPreviewCheckPoint?: boolean;
                };
                canary?: {
                    currentBackgroundAnalysisRunStatus?: {
                        message?: string;
                        name: string;
                        status: string;
                    };
                    currentExperiment?: string;
                    currentStepAnalysisRunStatus?: {
                        message?: string;
                        name: string;
                        status: string;
                    };
                    stablePingPong?: string;
                    stepPluginStatuses?: {
                        backoff?: string;
                        disabled?: boolean;
                        /** Format: int32 */
                        executions?: number;
                        /** Format: date-time */
                        finishedAt?: string;
                        /** Format: int32 */
                        index: number;
                        message?: string;
                        name: string;
                        operation: string;
                        phase?: string;
                        /** Format: date-time */
                        startedAt?: string;
                        status?: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        updatedAt?: string;
                    }[];
                    weights?: {
                        additional?: {
                            podTemplateHash?: string;
                            serviceName?: string;
                            /** Format: int32 */
                            weight: number;
                        }[];
                        canary: {
                            podTemplateHash?: string;
                            serviceName?: string;
                            /** Format: int32 */
                            weight: number;
                        };
                        stable: {
                            podTemplateHash?: string;
                            serviceName?: string;
                            /** Format: int32 */
                            weight: number;
                        };
                        verified?: boolean;
                    };
                };
                /** Format: int32 */
                collisionCount?: number;
                conditions?: {
                    /** Format: date-time */
                    lastTransitionTime: string;
                    /** Format: date-time */
                    lastUpdateTime: string;
                    message: string;
                    reason: string;
                    status: string;
                    type: string;
                }[];
                controllerPause?: boolean;
                currentPodHash?: string;
                currentStepHash?: string;
                /** Format: int32 */
                currentStepIndex?: number;
                message?: string;
                observedGeneration?: string;
                pauseConditions?: {
                    reason: string;
                    /** Format: date-time */
                    startTime: string;
                }[];
                phase?: string;
                promoteFull?: boolean;
                /** Format: int32 */
                readyReplicas?: number;
                /** Format: int32 */
                replicas?: number;
                /** Format: date-time */
                restartedAt?: string;
                selector?: string;
                stableRS?: string;
                /** Format: int32 */
                updatedReplicas?: number;
                workloadObservedGeneration?: string;
            };
        };
        AnalysisRun: {
            apiVersion?: string;
            kind?: string;
            metadata?: Record<string, unknown>;
            spec: {
                args?: {
                    name: string;
                    value?: string;
                    valueFrom?: {
                        fieldRef?: {
                            fieldPath: string;
                        };
                        secretKeyRef?: {
                            key: string;
                            name: string;
                        };
                    };
                }[];
                dryRun?: {
                    metricName: string;
                }[];
                measurementRetention?: {
                    /** Format: int32 */
                    limit: number;
                    metricName: string;
                }[];
                metrics: {
                    consecutiveErrorLimit?: number | string;
                    consecutiveSuccessLimit?: number | string;
                    count?: number | string;
                    failureCondition?: string;
                    failureLimit?: number | string;
                    inconclusiveLimit?: number | string;
                    initialDelay?: string;
                    interval?: string;
                    name: string;
                    provider: {
                        cloudWatch?: {
                            interval?: string;
                            metricDataQueries: {
                                expression?: string;
                                id?: string;
                                label?: string;
                                metricStat?: {
                                    metric?: {
                                        dimensions?: {
                                            name?: string;
                                            value?: string;
                                        }[];
                                        metricName?: string;
                                        namespace?: string;
                                    };
                                    period?: number | string;
                                    stat?: string;
                                    unit?: string;
                                };
                                period?: number | string;
                                returnData?: boolean;
                            }[];
                        };
                        datadog?: {
                            /** @enum {string} */
                            aggregator?: "avg" | "min" | "max" | "sum" | "last" | "percentile" | "mean" | "l2norm" | "area";
                            /**
                             * @default v1
                             * @enum {string}
                             */
                            apiVersion: "v1" | "v2";
                            formula?: string;
                            /** @default 5m */
                            interval: string;
                            queries?: {
                                [key: string]: string;
                            };
                            query?: string;
                            secretRef?: {
                                name?: string;
                                namespaced?: boolean;
                            };
                        };
                        graphite?: {
                            address?: string;
                            query?: string;
                        };
                        influxdb?: {
                            profile?: string;
                            query?: string;
                        };
                        job?: {
                            metadata?: {
                                annotations?: {
                                    [key: string]: string;
                                };
                                labels?: {
                                    [key: string]: string;
                                };
                            };
                            spec: {
                                /** Format: int64 */
                                activeDeadlineSeconds?: number;
                                /** Format: int32 */
                                backoffLimit?: number;
                                /** Format: int32 */
                                backoffLimitPerIndex?: number;
                                completionMode?: string;
                                /** Format: int32 */
                                completions?: number;
                                managedBy?: string;
                                manualSelector?: boolean;
                                /** Format: int32 */
                                maxFailedIndexes?: number;
                                /** Format: int32 */
                                parallelism?: number;
                                podFailurePolicy?: {
                                    rules: {
                                        action: string;
                                        onExitCodes?: {
                                            containerName?: string;
                                            operator: string;
                                            values: number[];
                                        };
                                        onPodConditions?: {
                                            status: string;
                                            type: string;
                                        }[];
                                    }[];
                                };
                                podReplacementPolicy?: string;
                                selector?: {
                                    matchExpressions?: {
                                        key: string;
                                        operator: string;
                                        values?: string[];
                                    }[];
                                    matchLabels?: {
                                        [key: string]: string;
                                    };
                                };
                                successPolicy?: {
                                    rules: {
                                        /** Format: int32 */
                                        succeededCount?: number;
                                        succeededIndexes?: string;
                                    }[];
                                };
                                suspend?: boolean;
                                template: {
                                    metadata?: {
                                        annotations?: {
                                            [key: string]: string;
                                        };
                                        labels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    spec?: {
                                        /** Format: int64 */
                                        activeDeadlineSeconds?: number;
                                        affinity?: {
                                            nodeAffinity?: {
                                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                                    preference: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchFields?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                    };
                                                    /** Format: int32 */
                                                    weight: number;
                                                }[];
                                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                                    nodeSelectorTerms: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchFields?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                    }[];
                                                };
                                            };
                                            podAffinity?: {
                                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                                    podAffinityTerm: {
                                                        labelSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        matchLabelKeys?: string[];
                                                        mismatchLabelKeys?: string[];
                                                        namespaceSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        namespaces?: string[];
                                                        topologyKey: string;
                                                    };
                                                    /** Format: int32 */
                                                    weight: number;
                                                }[];
                                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                                    labelSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    matchLabelKeys?: string[];
                                                    mismatchLabelKeys?: string[];
                                                    namespaceSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    namespaces?: string[];
                                                    topologyKey: string;
                                                }[];
                                            };
                                            podAntiAffinity?: {
                                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                                    podAffinityTerm: {
                                                        labelSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        matchLabelKeys?: string[];
                                                        mismatchLabelKeys?: string[];
                                                        namespaceSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        namespaces?: string[];
                                                        topologyKey: string;
                                                    };
                                                    /** Format: int32 */
                                                    weight: number;
                                                }[];
                                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                                    labelSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    matchLabelKeys?: string[];
                                                    mismatchLabelKeys?: string[];
                                                    namespaceSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    namespaces?: string[];
                                                    topologyKey: string;
                                                }[];
                                            };
                                        };
                                        automountServiceAccountToken?: boolean;
                                        containers: {
                                            args?: string[];
                                            command?: string[];
                                            env?: {
                                                name: string;
                                                value?: string;
                                                valueFrom?: {
                                                    configMapKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                    fieldRef?: {
                                                        apiVersion?: string;
                                                        fieldPath: string;
                                                    };
                                                    fileKeyRef?: {
                                                        key: string;
                                                        /** @default false */
                                                        optional: boolean;
                                                        path: string;
                                                        volumeName: string;
                                                    };
                                                    resourceFieldRef?: {
                                                        containerName?: string;
                                                        divisor?: number | string;
                                                        resource: string;
                                                    };
                                                    secretKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                };
                                            }[];
                                            envFrom?: {
                                                configMapRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                                prefix?: string;
                                                secretRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                            }[];
                                            image?: string;
                                            imagePullPolicy?: string;
                                            lifecycle?: {
                                                postStart?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                preStop?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                stopSignal?: string;
                                            };
                                            livenessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            name: string;
                                            ports?: {
                                                /** Format: int32 */
                                                containerPort: number;
                                                hostIP?: string;
                                                /** Format: int32 */
                                                hostPort?: number;
                                                name?: string;
                                                /** @default TCP */
                                                protocol: string;
                                            }[];
                                            readinessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            resizePolicy?: {
                                                resourceName: string;
                                                restartPolicy: string;
                                            }[];
                                            resources?: {
                                                claims?: {
                                                    name: string;
                                                    request?: string;
                                                }[];
                                                limits?: {
                                                    [key: string]: unknown;
                                                };
                                                requests?: {
                                                    [key: string]: unknown;
                                                };
                                            };
                                            restartPolicy?: string;
                                            restartPolicyRules?: {
                                                action: string;
                                                exitCodes?: {
                                                    operator: string;
                                                    values?: number[];
                                                };
                                            }[];
                                            securityContext?: {
                                                allowPrivilegeEscalation?: boolean;
                                                appArmorProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                capabilities?: {
                                                    add?: string[];
                                                    drop?: string[];
                                                };
                                                privileged?: boolean;
                                                procMount?: string;
                                                readOnlyRootFilesystem?: boolean;
                                                /** Format: int64 */
                                                runAsGroup?: number;
                                                runAsNonRoot?: boolean;
                                                /** Format: int64 */
                                                runAsUser?: number;
                                                seLinuxOptions?: {
                                                    level?: string;
                                                    role?: string;
                                                    type?: string;
                                                    user?: string;
                                                };
                                                seccompProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                windowsOptions?: {
                                                    gmsaCredentialSpec?: string;
                                                    gmsaCredentialSpecName?: string;
                                                    hostProcess?: boolean;
                                                    runAsUserName?: string;
                                                };
                                            };
                                            startupProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            stdin?: boolean;
                                            stdinOnce?: boolean;
                                            terminationMessagePath?: string;
                                            terminationMessagePolicy?: string;
                                            tty?: boolean;
                                            volumeDevices?: {
                                                devicePath: string;
                                                name: string;
                                            }[];
                                            volumeMounts?: {
                                                mountPath: string;
                                                mountPropagation?: string;
                                                name: string;
                                                readOnly?: boolean;
                                                recursiveReadOnly?: string;
                                                subPath?: string;
                                                subPathExpr?: string;
                                            }[];
                                            workingDir?: string;
                                        }[];
                                        dnsConfig?: {
                                            nameservers?: string[];
                                            options?: {
                                                name?: string;
                                                value?: string;
                                            }[];
                                            searches?: string[];
                                        };
                                        dnsPolicy?: string;
                                        enableServiceLinks?: boolean;
                                        ephemeralContainers?: {
                                            args?: string[];
                                            command?: string[];
                                            env?: {
                                                name: string;
                                                value?: string;
                                                valueFrom?: {
                                                    configMapKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                    fieldRef?: {
                                                        apiVersion?: string;
                                                        fieldPath: string;
                                                    };
                                                    fileKeyRef?: {
                                                        key: string;
                                                        /** @default false */
                                                        optional: boolean;
                                                        path: string;
                                                        volumeName: string;
                                                    };
                                                    resourceFieldRef?: {
                                                        containerName?: string;
                                                        divisor?: number | string;
                                                        resource: string;
                                                    };
                                                    secretKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                };
                                            }[];
                                            envFrom?: {
                                                configMapRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                                prefix?: string;
                                                secretRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                            }[];
                                            image?: string;
                                            imagePullPolicy?: string;
                                            lifecycle?: {
                                                postStart?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                preStop?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                stopSignal?: string;
                                            };
                                            livenessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            name: string;
                                            ports?: {
                                                /** Format: int32 */
                                                containerPort: number;
                                                hostIP?: string;
                                                /** Format: int32 */
                                                hostPort?: number;
                                                name?: string;
                                                /** @default TCP */
                                                protocol: string;
                                            }[];
                                            readinessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            resizePolicy?: {
                                                resourceName: string;
                                                restartPolicy: string;
                                            }[];
                                            resources?: {
                                                claims?: {
                                                    name: string;
                                                    request?: string;
                                                }[];
                                                limits?: {
                                                    [key: string]: unknown;
                                                };
                                                requests?: {
                                                    [key: string]: unknown;
                                                };
                                            };
                                            restartPolicy?: string;
                                            restartPolicyRules?: {
                                                action: string;
                                                exitCodes?: {
                                                    operator: string;
                                                    values?: number[];
                                                };
                                            }[];
                                            securityContext?: {
                                                allowPrivilegeEscalation?: boolean;
                                                appArmorProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                capabilities?: {
                                                    add?: string[];
                                                    drop?: string[];
                                                };
                                                privileged?: boolean;
                                                procMount?: string;
                                                readOnlyRootFilesystem?: boolean;
                                                /** Format: int64 */
                                                runAsGroup?: number;
                                                runAsNonRoot?: boolean;
                                                /** Format: int64 */
                                                runAsUser?: number;
                                                seLinuxOptions?: {
                                                    level?: string;
                                                    role?: string;
                                                    type?: string;
                                                    user?: string;
                                                };
                                                seccompProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                windowsOptions?: {
                                                    gmsaCredentialSpec?: string;
                                                    gmsaCredentialSpecName?: string;
                                                    hostProcess?: boolean;
                                                    runAsUserName?: string;
                                                };
                                            };
                                            startupProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            stdin?: boolean;
                                            stdinOnce?: boolean;
                                            targetContainerName?: string;
                                            terminationMessagePath?: string;
                                            terminationMessagePolicy?: string;
                                            tty?: boolean;
                                            volumeDevices?: {
                                                devicePath: string;
                                                name: string;
                                            }[];
                                            volumeMounts?: {
                                                mountPath: string;
                                                mountPropagation?: string;
                                                name: string;
                                                readOnly?: boolean;
                                                recursiveReadOnly?: string;
                                                subPath?: string;
                                                subPathExpr?: string;
                                            }[];
                                            workingDir?: string;
                                        }[];
                                        hostAliases?: {
                                            hostnames?: string[];
                                            ip: string;
                                        }[];
                                        hostIPC?: boolean;
                                        hostNetwork?: boolean;
                                        hostPID?: boolean;
                                        hostUsers?: boolean;
                                        hostname?: string;
                                        hostnameOverride?: string;
                                        imagePullSecrets?: {
                                            /** @default  */
                                            name: string;
                                        }[];
                                        initContainers?: {
                                            args?: string[];
                                            command?: string[];
                                            env?: {
                                                name: string;
                                                value?: string;
                                                valueFrom?: {
                                                    configMapKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                    fieldRef?: {
                                                        apiVersion?: string;
                                                        fieldPath: string;
                                                    };
                                                    fileKeyRef?: {
                                                        key: string;
                                                        /** @default false */
                                                        optional: boolean;
                                                        path: string;
                                                        volumeName: string;
                                                    };
                                                    resourceFieldRef?: {
                                                        containerName?: string;
                                                        divisor?: number | string;
                                                        resource: string;
                                                    };
                                                    secretKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                };
                                            }[];
                                            envFrom?: {
                                                configMapRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                                prefix?: string;
                                                secretRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                            }[];
                                            image?: string;
                                            imagePullPolicy?: string;
                                            lifecycle?: {
                                                postStart?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                preStop?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                stopSignal?: string;
                                            };
                                            livenessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            name: string;
                                            ports?: {
                                                /** Format: int32 */
                                                containerPort: number;
                                                hostIP?: string;
                                                /** Format: int32 */
                                                hostPort?: number;
                                                name?: string;
                                                /** @default TCP */
                                                protocol: string;
                                            }[];
                                            readinessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            resizePolicy?: {
                                                resourceName: string;
                                                restartPolicy: string;
                                            }[];
                                            resources?: {
                                                claims?: {
                                                    name: string;
                                                    request?: string;
                                                }[];
                                                limits?: {
                                                    [key: string]: unknown;
                                                };
                                                requests?: {
                                                    [key: string]: unknown;
                                                };
                                            };
                                            restartPolicy?: string;
                                            restartPolicyRules?: {
                                                action: string;
                                                exitCodes?: {
                                                    operator: string;
                                                    values?: number[];
                                                };
                                            }[];
                                            securityContext?: {
                                                allowPrivilegeEscalation?: boolean;
                                                appArmorProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                capabilities?: {
                                                    add?: string[];
                                                    drop?: string[];
                                                };
                                                privileged?: boolean;
                                                procMount?: string;
                                                readOnlyRootFilesystem?: boolean;
                                                /** Format: int64 */
                                                runAsGroup?: number;
                                                runAsNonRoot?: boolean;
                                                /** Format: int64 */
                                                runAsUser?: number;
                                                seLinuxOptions?: {
                                                    level?: string;
                                                    role?: string;
                                                    type?: string;
                                                    user?: string;
                                                };
                                                seccompProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                windowsOptions?: {
                                                    gmsaCredentialSpec?: string;
                                                    gmsaCredentialSpecName?: string;
                                                    hostProcess?: boolean;
                                                    runAsUserName?: string;
                                                };
                                            };
                                            startupProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            stdin?: boolean;
                                            stdinOnce?: boolean;
                                            terminationMessagePath?: string;
                                            terminationMessagePolicy?: string;
                                            tty?: boolean;
                                            volumeDevices?: {
                                                devicePath: string;
                                                name: string;
                                            }[];
                                            volumeMounts?: {
                                                mountPath: string;
                                                mountPropagation?: string;
                                                name: string;
                                                readOnly?: boolean;
                                                recursiveReadOnly?: string;
                                                subPath?: string;
                                                subPathExpr?: string;
                                            }[];
                                            workingDir?: string;
                                        }[];
                                        nodeName?: string;
                                        nodeSelector?: {
                                            [key: string]: string;
                                        };
                                        os?: {
                                            name: string;
                                        };
                                        overhead?: {
                                            [key: string]: number | string;
                                        };
                                        preemptionPolicy?: string;
                                        /** Format: int32 */
                                        priority?: number;
                                        priorityClassName?: string;
                                        readinessGates?: {
                                            conditionType: string;
                                        }[];
                                        resourceClaims?: {
                                            name: string;
                                            resourceClaimName?: string;
                                            resourceClaimTemplateName?: string;
                                        }[];
                                        resources?: {
                                            claims?: {
                                                name: string;
                                                request?: string;
                                            }[];
                                            limits?: {
                                                [key: string]: number | string;
                                            };
                                            requests?: {
                                                [key: string]: number | string;
                                            };
                                        };
                                        restartPolicy?: string;
                                        runtimeClassName?: string;
                                        schedulerName?: string;
                                        schedulingGates?: {
                                            name: string;
                                        }[];
                                        securityContext?: {
                                            appArmorProfile?: {
                                                localhostProfile?: string;
                                                type: string;
                                            };
                                            /** Format: int64 */
                                            fsGroup?: number;
                                            fsGroupChangePolicy?: string;
                                            /** Format: int64 */
                                            runAsGroup?: number;
                                            runAsNonRoot?: boolean;
                                            /** Format: int64 */
                                            runAsUser?: number;
                                            seLinuxChangePolicy?: string;
                                            seLinuxOptions?: {
                                                level?: string;
                                                role?: string;
                                                type?: string;
                                                user?: string;
                                            };
                                            seccompProfile?: {
                                                localhostProfile?: string;
                                                type: string;
                                            };
                                            supplementalGroups?: number[];
                                            supplementalGroupsPolicy?: string;
                                            sysctls?: {
                                                name: string;
                                                value: string;
                                            }[];
                                            windowsOptions?: {
                                                gmsaCredentialSpec?: string;
                                                gmsaCredentialSpecName?: string;
                                                hostProcess?: boolean;
                                                runAsUserName?: string;
                                            };
                                        };
                                        serviceAccount?: string;
                                        serviceAccountName?: string;
                                        setHostnameAsFQDN?: boolean;
                                        shareProcessNamespace?: boolean;
                                        subdomain?: string;
                                        /** Format: int64 */
                                        terminationGracePeriodSeconds?: number;
                                        tolerations?: {
                                            effect?: string;
                                            key?: string;
                                            operator?: string;
                                            /** Format: int64 */
                                            tolerationSeconds?: number;
                                            value?: string;
                                        }[];
                                        topologySpreadConstraints?: {
                                            labelSelector?: {
                                                matchExpressions?: {
                                                    key: string;
                                                    operator: string;
                                                    values?: string[];
                                                }[];
                                                matchLabels?: {
                                                    [key: string]: string;
                                                };
                                            };
                                            matchLabelKeys?: string[];
                                            /** Format: int32 */
                                            maxSkew: number;
                                            /** Format: int32 */
                                            minDomains?: number;
                                            nodeAffinityPolicy?: string;
                                            nodeTaintsPolicy?: string;
                                            topologyKey: string;
                                            whenUnsatisfiable: string;
                                        }[];
                                        volumes?: {
                                            [key: string]: unknown;
                                        };
                                    };
                                };
                                /** Format: int32 */
                                ttlSecondsAfterFinished?: number;
                            };
                        };
                        kayenta?: {
                            address: string;
                            application: string;
                            canaryConfigName: string;
                            configurationAccountName: string;
                            lookback?: boolean;
                            metricsAccountName: string;
                            scopes: {
                                controlScope: {
                                    end?: string;
                                    region: string;
                                    scope: string;
                                    start?: string;
                                    /** Format: int64 */
                                    step: number;
                                };
                                experimentScope: {
                                    end?: string;
                                    region: string;
                                    scope: string;
                                    start?: string;
                                    /** Format: int64 */
                                    step: number;
                                };
                                name: string;
                            }[];
                            storageAccountName: string;
                            threshold: {
                                /** Format: int64 */
                                marginal: number;
                                /** Format: int64 */
                                pass: number;
                            };
                        };
                        newRelic?: {
                            profile?: string;
                            query: string;
                            /** Format: int64 */
                            timeout?: number;
                        };
                        plugin?: {
                            [key: string]: unknown;
                        };
                        prometheus?: {
                            address?: string;
                            authentication?: {
                                oauth2?: {
                                    clientId?: string;
                                    clientSecret?: string;
                                    scopes?: string[];
                                    tokenUrl?: string;
                                };
                                sigv4?: {
                                    profile?: string;
                                    region?: string;
                                    roleArn?: string;
                                };
                            };
                            headers?: {
                                key: string;
                                value: string;
                            }[];
                            insecure?: boolean;
                            query?: string;
                            rangeQuery?: {
                                end?: string;
                                start?: string;
                                step?: string;
                            };
                            /** Format: int64 */
                            timeout?: number;
                        };
                        skywalking?: {
                            address?: string;
                            interval?: string;
                            query?: string;
                        };
                        wavefront?: {
                            address?: string;
                            query?: string;
                        };
                        web?: {
                            authentication?: {
                                oauth2?: {
                                    clientId?: string;
                                    clientSecret?: string;
                                    scopes?: string[];
                                    tokenUrl?: string;
                                };
                                sigv4?: {
                                    profile?: string;
                                    region?: string;
                                    roleArn?: string;
                                };
                            };
                            body?: string;
                            headers?: {
                                key: string;
                                value: string;
                            }[];
                            insecure?: boolean;
                            jsonBody?: {
                                [key: string]: unknown;
                            };
                            jsonPath?: string;
                            method?: string;
                            /** Format: int64 */
                            timeoutSeconds?: number;
                            url: string;
                        };
                    };
                    successCondition?: string;
                }[];
                terminate?: boolean;
                ttlStrategy?: {
                    /** Format: int32 */
                    secondsAfterCompletion?: number;
                    /** Format: int32 */
                    secondsAfterFailure?: number;
                    /** Format: int32 */
                    secondsAfterSuccess?: number;
                };
            };
            status?: {
                /** Format: date-time */
                completedAt?: string;
                dryRunSummary?: {
                    /** Format: int32 */
                    count?: number;
                    /** Format: int32 */
                    error?: number;
                    /** Format: int32 */
                    failed?: number;
                    /** Format: int32 */
                    inconclusive?: number;
                    /** Format: int32 */
                    successful?: number;
                };
                message?: string;
                metricResults?: {
                    /** Format: int32 */
                    consecutiveError?: number;
                    /** Format: int32 */
                    consecutiveSuccess?: number;
                    /** Format: int32 */
                    count?: number;
                    dryRun?: boolean;
                    /** Format: int32 */
                    error?: number;
                    /** Format: int32 */
                    failed?: number;
                    /** Format: int32 */
                    inconclusive?: number;
                    measurements?: {
                        /** Format: date-time */
                        finishedAt?: string;
                        message?: string;
                        metadata?: {
                            [key: string]: string;
                        };
                        phase: string;
                        /** Format: date-time */
                        resumeAt?: string;
                        /** Format: date-time */
                        startedAt?: string;
                        value?: string;
                    }[];
                    message?: string;
                    metadata?: {
                        [key: string]: string;
                    };
                    name: string;
                    phase: string;
                    /** Format: int32 */
                    successful?: number;
                }[];
                phase: string;
                runSummary?: {
                    /** Format: int32 */
                    count?: number;
                    /** Format: int32 */
                    error?: number;
                    /** Format: int32 */
                    failed?: number;
                    /** Format: int32 */
                    inconclusive?: number;
                    /** Format: int32 */
                    successful?: number;
                };
                /** Format: date-time */
                startedAt?: string;
            };
        };
        AnalysisTemplate: {
            apiVersion?: string;
            kind?: string;
            metadata?: Record<string, unknown>;
            spec: {
                args?: {
                    name: string;
                    value?: string;
                    valueFrom?: {
                        fieldRef?: {
                            fieldPath: string;
                        };
                        secretKeyRef?: {
                            key: string;
                            name: string;
                        };
                    };
                }[];
                dryRun?: {
                    metricName: string;
                }[];
                measurementRetention?: {
                    /** Format: int32 */
                    limit: number;
                    metricName: string;
                }[];
                metrics?: {
                    consecutiveErrorLimit?: number | string;
                    consecutiveSuccessLimit?: number | string;
                    count?: number | string;
                    failureCondition?: string;
                    failureLimit?: number | string;
                    inconclusiveLimit?: number | string;
                    initialDelay?: string;
                    interval?: string;
                    name: string;
                    provider: {
                        cloudWatch?: {
                            interval?: string;
                            metricDataQueries: {
                                expression?: string;
                                id?: string;
                                label?: string;
                                metricStat?: {
                                    metric?: {
                                        dimensions?: {
                                            name?: string;
                                            value?: string;
                                        }[];
                                        metricName?: string;
                                        namespace?: string;
                                    };
                                    period?: number | string;
                                    stat?: string;
                                    unit?: string;
                                };
                                period?: number | string;
                                returnData?: boolean;
                            }[];
                        };
                        datadog?: {
                            /** @enum {string} */
                            aggregator?: "avg" | "min" | "max" | "sum" | "last" | "percentile" | "mean" | "l2norm" | "area";
                            /**
                             * @default v1
                             * @enum {string}
                             */
                            apiVersion: "v1" | "v2";
                            formula?: string;
                            /** @default 5m */
                            interval: string;
                            queries?: {
                                [key: string]: string;
                            };
                            query?: string;
                            secretRef?: {
                                name?: string;
                                namespaced?: boolean;
                            };
                        };
                        graphite?: {
                            address?: string;
                            query?: string;
                        };
                        influxdb?: {
                            profile?: string;
                            query?: string;
                        };
                        job?: {
                            metadata?: {
                                annotations?: {
                                    [key: string]: string;
                                };
                                labels?: {
                                    [key: string]: string;
                                };
                            };
                            spec: {
                                /** Format: int64 */
                                activeDeadlineSeconds?: number;
                                /** Format: int32 */
                                backoffLimit?: number;
                                /** Format: int32 */
                                backoffLimitPerIndex?: number;
                                completionMode?: string;
                                /** Format: int32 */
                                completions?: number;
                                managedBy?: string;
                                manualSelector?: boolean;
                                /** Format: int32 */
                                maxFailedIndexes?: number;
                                /** Format: int32 */
                                parallelism?: number;
                                podFailurePolicy?: {
                                    rules: {
                                        action: string;
                                        onExitCodes?: {
                                            containerName?: string;
                                            operator: string;
                                            values: number[];
                                        };
                                        onPodConditions?: {
                                            status: string;
                                            type: string;
                                        }[];
                                    }[];
                                };
                                podReplacementPolicy?: string;
                                selector?: {
                                    matchExpressions?: {
                                        key: string;
                                        operator: string;
                                        values?: string[];
                                    }[];
                                    matchLabels?: {
                                        [key: string]: string;
                                    };
                                };
                                successPolicy?: {
                                    rules: {
                                        /** Format: int32 */
                                        succeededCount?: number;
                                        succeededIndexes?: string;
                                    }[];
                                };
                                suspend?: boolean;
                                template: {
                                    metadata?: {
                                        annotations?: {
                                            [key: string]: string;
                                        };
                                        labels?: {
                                            [key: string]: string;
                                        };
                                    };
                                    spec?: {
                                        /** Format: int64 */
                                        activeDeadlineSeconds?: number;
                                        affinity?: {
                                            nodeAffinity?: {
                                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                                    preference: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchFields?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                    };
                                                    /** Format: int32 */
                                                    weight: number;
                                                }[];
                                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                                    nodeSelectorTerms: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchFields?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                    }[];
                                                };
                                            };
                                            podAffinity?: {
                                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                                    podAffinityTerm: {
                                                        labelSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        matchLabelKeys?: string[];
                                                        mismatchLabelKeys?: string[];
                                                        namespaceSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        namespaces?: string[];
                                                        topologyKey: string;
                                                    };
                                                    /** Format: int32 */
                                                    weight: number;
                                                }[];
                                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                                    labelSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    matchLabelKeys?: string[];
                                                    mismatchLabelKeys?: string[];
                                                    namespaceSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    namespaces?: string[];
                                                    topologyKey: string;
                                                }[];
                                            };
                                            podAntiAffinity?: {
                                                preferredDuringSchedulingIgnoredDuringExecution?: {
                                                    podAffinityTerm: {
                                                        labelSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        matchLabelKeys?: string[];
                                                        mismatchLabelKeys?: string[];
                                                        namespaceSelector?: {
                                                            matchExpressions?: {
                                                                key: string;
                                                                operator: string;
                                                                values?: string[];
                                                            }[];
                                                            matchLabels?: {
                                                                [key: string]: string;
                                                            };
                                                        };
                                                        namespaces?: string[];
                                                        topologyKey: string;
                                                    };
                                                    /** Format: int32 */
                                                    weight: number;
                                                }[];
                                                requiredDuringSchedulingIgnoredDuringExecution?: {
                                                    labelSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    matchLabelKeys?: string[];
                                                    mismatchLabelKeys?: string[];
                                                    namespaceSelector?: {
                                                        matchExpressions?: {
                                                            key: string;
                                                            operator: string;
                                                            values?: string[];
                                                        }[];
                                                        matchLabels?: {
                                                            [key: string]: string;
                                                        };
                                                    };
                                                    namespaces?: string[];
                                                    topologyKey: string;
                                                }[];
                                            };
                                        };
                                        automountServiceAccountToken?: boolean;
                                        containers: {
                                            args?: string[];
                                            command?: string[];
                                            env?: {
                                                name: string;
                                                value?: string;
                                                valueFrom?: {
                                                    configMapKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                    fieldRef?: {
                                                        apiVersion?: string;
                                                        fieldPath: string;
                                                    };
                                                    fileKeyRef?: {
                                                        key: string;
                                                        /** @default false */
                                                        optional: boolean;
                                                        path: string;
                                                        volumeName: string;
                                                    };
                                                    resourceFieldRef?: {
                                                        containerName?: string;
                                                        divisor?: number | string;
                                                        resource: string;
                                                    };
                                                    secretKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                };
                                            }[];
                                            envFrom?: {
                                                configMapRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                                prefix?: string;
                                                secretRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                            }[];
                                            image?: string;
                                            imagePullPolicy?: string;
                                            lifecycle?: {
                                                postStart?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                preStop?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                stopSignal?: string;
                                            };
                                            livenessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            name: string;
                                            ports?: {
                                                /** Format: int32 */
                                                containerPort: number;
                                                hostIP?: string;
                                                /** Format: int32 */
                                                hostPort?: number;
                                                name?: string;
                                                /** @default TCP */
                                                protocol: string;
                                            }[];
                                            readinessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            resizePolicy?: {
                                                resourceName: string;
                                                restartPolicy: string;
                                            }[];
                                            resources?: {
                                                claims?: {
                                                    name: string;
                                                    request?: string;
                                                }[];
                                                limits?: {
                                                    [key: string]: unknown;
                                                };
                                                requests?: {
                                                    [key: string]: unknown;
                                                };
                                            };
                                            restartPolicy?: string;
                                            restartPolicyRules?: {
                                                action: string;
                                                exitCodes?: {
                                                    operator: string;
                                                    values?: number[];
                                                };
                                            }[];
                                            securityContext?: {
                                                allowPrivilegeEscalation?: boolean;
                                                appArmorProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                capabilities?: {
                                                    add?: string[];
                                                    drop?: string[];
                                                };
                                                privileged?: boolean;
                                                procMount?: string;
                                                readOnlyRootFilesystem?: boolean;
                                                /** Format: int64 */
                                                runAsGroup?: number;
                                                runAsNonRoot?: boolean;
                                                /** Format: int64 */
                                                runAsUser?: number;
                                                seLinuxOptions?: {
                                                    level?: string;
                                                    role?: string;
                                                    type?: string;
                                                    user?: string;
                                                };
                                                seccompProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                windowsOptions?: {
                                                    gmsaCredentialSpec?: string;
                                                    gmsaCredentialSpecName?: string;
                                                    hostProcess?: boolean;
                                                    runAsUserName?: string;
                                                };
                                            };
                                            startupProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            stdin?: boolean;
                                            stdinOnce?: boolean;
                                            terminationMessagePath?: string;
                                            terminationMessagePolicy?: string;
                                            tty?: boolean;
                                            volumeDevices?: {
                                                devicePath: string;
                                                name: string;
                                            }[];
                                            volumeMounts?: {
                                                mountPath: string;
                                                mountPropagation?: string;
                                                name: string;
                                                readOnly?: boolean;
                                                recursiveReadOnly?: string;
                                                subPath?: string;
                                                subPathExpr?: string;
                                            }[];
                                            workingDir?: string;
                                        }[];
                                        dnsConfig?: {
                                            nameservers?: string[];
                                            options?: {
                                                name?: string;
                                                value?: string;
                                            }[];
                                            searches?: string[];
                                        };
                                        dnsPolicy?: string;
                                        enableServiceLinks?: boolean;
                                        ephemeralContainers?: {
                                            args?: string[];
                                            command?: string[];
                                            env?: {
                                                name: string;
                                                value?: string;
                                                valueFrom?: {
                                                    configMapKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                    fieldRef?: {
                                                        apiVersion?: string;
                                                        fieldPath: string;
                                                    };
                                                    fileKeyRef?: {
                                                        key: string;
                                                        /** @default false */
                                                        optional: boolean;
                                                        path: string;
                                                        volumeName: string;
                                                    };
                                                    resourceFieldRef?: {
                                                        containerName?: string;
                                                        divisor?: number | string;
                                                        resource: string;
                                                    };
                                                    secretKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                };
                                            }[];
                                            envFrom?: {
                                                configMapRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                                prefix?: string;
                                                secretRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                            }[];
                                            image?: string;
                                            imagePullPolicy?: string;
                                            lifecycle?: {
                                                postStart?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                preStop?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                stopSignal?: string;
                                            };
                                            livenessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            name: string;
                                            ports?: {
                                                /** Format: int32 */
                                                containerPort: number;
                                                hostIP?: string;
                                                /** Format: int32 */
                                                hostPort?: number;
                                                name?: string;
                                                /** @default TCP */
                                                protocol: string;
                                            }[];
                                            readinessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            resizePolicy?: {
                                                resourceName: string;
                                                restartPolicy: string;
                                            }[];
                                            resources?: {
                                                claims?: {
                                                    name: string;
                                                    request?: string;
                                                }[];
                                                limits?: {
                                                    [key: string]: unknown;
                                                };
                                                requests?: {
                                                    [key: string]: unknown;
                                                };
                                            };
                                            restartPolicy?: string;
                                            restartPolicyRules?: {
                                                action: string;
                                                exitCodes?: {
                                                    operator: string;
                                                    values?: number[];
                                                };
                                            }[];
                                            securityContext?: {
                                                allowPrivilegeEscalation?: boolean;
                                                appArmorProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                capabilities?: {
                                                    add?: string[];
                                                    drop?: string[];
                                                };
                                                privileged?: boolean;
                                                procMount?: string;
                                                readOnlyRootFilesystem?: boolean;
                                                /** Format: int64 */
                                                runAsGroup?: number;
                                                runAsNonRoot?: boolean;
                                                /** Format: int64 */
                                                runAsUser?: number;
                                                seLinuxOptions?: {
                                                    level?: string;
                                                    role?: string;
                                                    type?: string;
                                                    user?: string;
                                                };
                                                seccompProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                windowsOptions?: {
                                                    gmsaCredentialSpec?: string;
                                                    gmsaCredentialSpecName?: string;
                                                    hostProcess?: boolean;
                                                    runAsUserName?: string;
                                                };
                                            };
                                            startupProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            stdin?: boolean;
                                            stdinOnce?: boolean;
                                            targetContainerName?: string;
                                            terminationMessagePath?: string;
                                            terminationMessagePolicy?: string;
                                            tty?: boolean;
                                            volumeDevices?: {
                                                devicePath: string;
                                                name: string;
                                            }[];
                                            volumeMounts?: {
                                                mountPath: string;
                                                mountPropagation?: string;
                                                name: string;
                                                readOnly?: boolean;
                                                recursiveReadOnly?: string;
                                                subPath?: string;
                                                subPathExpr?: string;
                                            }[];
                                            workingDir?: string;
                                        }[];
                                        hostAliases?: {
                                            hostnames?: string[];
                                            ip: string;
                                        }[];
                                        hostIPC?: boolean;
                                        hostNetwork?: boolean;
                                        hostPID?: boolean;
                                        hostUsers?: boolean;
                                        hostname?: string;
                                        hostnameOverride?: string;
                                        imagePullSecrets?: {
                                            /** @default  */
                                            name: string;
                                        }[];
                                        initContainers?: {
                                            args?: string[];
                                            command?: string[];
                                            env?: {
                                                name: string;
                                                value?: string;
                                                valueFrom?: {
                                                    configMapKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                    fieldRef?: {
                                                        apiVersion?: string;
                                                        fieldPath: string;
                                                    };
                                                    fileKeyRef?: {
                                                        key: string;
                                                        /** @default false */
                                                        optional: boolean;
                                                        path: string;
                                                        volumeName: string;
                                                    };
                                                    resourceFieldRef?: {
                                                        containerName?: string;
                                                        divisor?: number | string;
                                                        resource: string;
                                                    };
                                                    secretKeyRef?: {
                                                        key: string;
                                                        /** @default  */
                                                        name: string;
                                                        optional?: boolean;
                                                    };
                                                };
                                            }[];
                                            envFrom?: {
                                                configMapRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                                prefix?: string;
                                                secretRef?: {
                                                    /** @default  */
                                                    name: string;
                                                    optional?: boolean;
                                                };
                                            }[];
                                            image?: string;
                                            imagePullPolicy?: string;
                                            lifecycle?: {
                                                postStart?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                preStop?: {
                                                    exec?: {
                                                        command?: string[];
                                                    };
                                                    httpGet?: {
                                                        host?: string;
                                                        httpHeaders?: {
                                                            name: string;
                                                            value: string;
                                                        }[];
                                                        path?: string;
                                                        port: number | string;
                                                        scheme?: string;
                                                    };
                                                    sleep?: {
                                                        /** Format: int64 */
                                                        seconds: number;
                                                    };
                                                    tcpSocket?: {
                                                        host?: string;
                                                        port: number | string;
                                                    };
                                                };
                                                stopSignal?: string;
                                            };
                                            livenessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            name: string;
                                            ports?: {
                                                /** Format: int32 */
                                                containerPort: number;
                                                hostIP?: string;
                                                /** Format: int32 */
                                                hostPort?: number;
                                                name?: string;
                                                /** @default TCP */
                                                protocol: string;
                                            }[];
                                            readinessProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            resizePolicy?: {
                                                resourceName: string;
                                                restartPolicy: string;
                                            }[];
                                            resources?: {
                                                claims?: {
                                                    name: string;
                                                    request?: string;
                                                }[];
                                                limits?: {
                                                    [key: string]: unknown;
                                                };
                                                requests?: {
                                                    [key: string]: unknown;
                                                };
                                            };
                                            restartPolicy?: string;
                                            restartPolicyRules?: {
                                                action: string;
                                                exitCodes?: {
                                                    operator: string;
                                                    values?: number[];
                                                };
                                            }[];
                                            securityContext?: {
                                                allowPrivilegeEscalation?: boolean;
                                                appArmorProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                capabilities?: {
                                                    add?: string[];
                                                    drop?: string[];
                                                };
                                                privileged?: boolean;
                                                procMount?: string;
                                                readOnlyRootFilesystem?: boolean;
                                                /** Format: int64 */
                                                runAsGroup?: number;
                                                runAsNonRoot?: boolean;
                                                /** Format: int64 */
                                                runAsUser?: number;
                                                seLinuxOptions?: {
                                                    level?: string;
                                                    role?: string;
                                                    type?: string;
                                                    user?: string;
                                                };
                                                seccompProfile?: {
                                                    localhostProfile?: string;
                                                    type: string;
                                                };
                                                windowsOptions?: {
                                                    gmsaCredentialSpec?: string;
                                                    gmsaCredentialSpecName?: string;
                                                    hostProcess?: boolean;
                                                    runAsUserName?: string;
                                                };
                                            };
                                            startupProbe?: {
                                                exec?: {
                                                    command?: string[];
                                                };
                                                /** Format: int32 */
                                                failureThreshold?: number;
                                                grpc?: {
                                                    /** Format: int32 */
                                                    port: number;
                                                    /** @default  */
                                                    service: string;
                                                };
                                                httpGet?: {
                                                    host?: string;
                                                    httpHeaders?: {
                                                        name: string;
                                                        value: string;
                                                    }[];
                                                    path?: string;
                                                    port: number | string;
                                                    scheme?: string;
                                                };
                                                /** Format: int32 */
                                                initialDelaySeconds?: number;
                                                /** Format: int32 */
                                                periodSeconds?: number;
                                                /** Format: int32 */
                                                successThreshold?: number;
                                                tcpSocket?: {
                                                    host?: string;
                                                    port: number | string;
                                                };
                                                /** Format: int64 */
                                                terminationGracePeriodSeconds?: number;
                                                /** Format: int32 */
                                                timeoutSeconds?: number;
                                            };
                                            stdin?: boolean;
                                            stdinOnce?: boolean;
                                            terminationMessagePath?: string;
                                            terminationMessagePolicy?: string;
                                            tty?: boolean;
                                            volumeDevices?: {
                                                devicePath: string;
                                                name: string;
                                            }[];
                                            volumeMounts?: {
                                                mountPath: string;
                                                mountPropagation?: string;
                                                name: string;
                                                readOnly?: boolean;
                                                recursiveReadOnly?: string;
                                                subPath?: string;
                                                subPathExpr?: string;
                                            }[];
                                            workingDir?: string;
                                        }[];
                                        nodeName?: string;
                                        nodeSelector?: {
                                            [key: string]: string;
                                        };
                                        os?: {
                                            name: string;
                                        };
                                        overhead?: {
                                            [key: string]: number | string;
                                        };
                                        preemptionPolicy?: string;
                                        /** Format: int32 */
                                        priority?: number;
                                        priorityClassName?: string;
                                        readinessGates?: {
                                            conditionType: string;
                                        }[];
                                        resourceClaims?: {
                                            name: string;
                                            resourceClaimName?: string;
                                            resourceClaimTemplateName?: string;
                                        }[];
                                        resources?: {
                                            claims?: {
                                                name: string;
                                                request?: string;
                                            }[];
                                            limits?: {
                                                [key: string]: number | string;
                                            };
                                            requests?: {
                                                [key: string]: number | string;
                                            };
                                        };
                                        restartPolicy?: string;
                                        runtimeClassName?: string;
                                        schedulerName?: string;
                                        schedulingGates?: {
                                            name: string;
                                        }[];
                                        securityContext?: {
                                            appArmorProfile?: {
                                                localhostProfile?: string;
                                                type: string;
                                            };
                                            /** Format: int64 */
                                            fsGroup?: number;
                                            fsGroupChangePolicy?: string;
                                            /** Format: int64 */
                                            runAsGroup?: number;
                                            runAsNonRoot?: boolean;
                                            /** Format: int64 */
                                            runAsUser?: number;
                                            seLinuxChangePolicy?: string;
                                            seLinuxOptions?: {
                                                level?: string;
                                                role?: string;
                                                type?: string;
                                                user?: string;
                                            };
                                            seccompProfile?: {
                                                localhostProfile?: string;
                                                type: string;
                                            };
                                            supplementalGroups?: number[];
                                            supplementalGroupsPolicy?: string;
                                            sysctls?: {
                                                name: string;
                                                value: string;
                                            }[];
                                            windowsOptions?: {
                                                gmsaCredentialSpec?: string;
                                                gmsaCredentialSpecName?: string;
                                                hostProcess?: boolean;
                                                runAsUserName?: string;
                                            };
                                        };
                                        serviceAccount?: string;
                                        serviceAccountName?: string;
                                        setHostnameAsFQDN?: boolean;
                                        shareProcessNamespace?: boolean;
                                        subdomain?: string;
                                        /** Format: int64 */
                                        terminationGracePeriodSeconds?: number;
                                        tolerations?: {
                                            effect?: string;
                                            key?: string;
                                            operator?: string;
                                            /** Format: int64 */
                                            tolerationSeconds?: number;
                                            value?: string;
                                        }[];
                                        topologySpreadConstraints?: {
                                            labelSelector?: {
                                                matchExpressions?: {
                                                    key: string;
                                                    operator: string;
                                                    values?: string[];
                                                }[];
                                                matchLabels?: {
                                                    [key: string]: string;
                                                };
                                            };
                                            matchLabelKeys?: string[];
                                            /** Format: int32 */
                                            maxSkew: number;
                                            /** Format: int32 */
                                            minDomains?: number;
                                            nodeAffinityPolicy?: string;
                                            nodeTaintsPolicy?: string;
                                            topologyKey: string;
                                            whenUnsatisfiable: string;
                                        }[];
                                        volumes?: {
                                            [key: string]: unknown;
                                        };
                                    };
                                };
                                /** Format: int32 */
                                ttlSecondsAfterFinished?: number;
                            };
                        };
                        kayenta?: {
                            address: string;
                            application: string;
                            canaryConfigName: string;
                            configurationAccountName: string;
                            lookback?: boolean;
                            metricsAccountName: string;
                            scopes: {
                                controlScope: {
                                    end?: string;
                                    region: string;
                                    scope: string;
                                    start?: string;
                                    /** Format: int64 */
                                    step: number;
                                };
                                experimentScope: {
                                    end?: string;
                                    region: string;
                                    scope: string;
                                    start?: string;
                                    /** Format: int64 */
                                    step: number;
                                };
                                name: string;
                            }[];
                            storageAccountName: string;
                            threshold: {
                                /** Format: int64 */
                                marginal: number;
                                /** Format: int64 */
                                pass: number;
                            };
                        };
                        newRelic?: {
                            profile?: string;
                            query: string;
                            /** Format: int64 */
                            timeout?: number;
                        };
                        plugin?: {
                            [key: string]: unknown;
                        };
                        prometheus?: {
                            address?: string;
                            authentication?: {
                                oauth2?: {
                                    clientId?: string;
                                    clientSecret?: string;
                                    scopes?: string[];
                                    tokenUrl?: string;
                                };
                                sigv4?: {
                                    profile?: string;
                                    region?: string;
                                    roleArn?: string;
                                };
                            };
                            headers?: {
                                key: string;
                                value: string;
                            }[];
                            insecure?: boolean;
                            query?: string;
                            rangeQuery?: {
                                end?: string;
                                start?: string;
                                step?: string;
                            };
                            /** Format: int64 */
                            timeout?: number;
                        };
                        skywalking?: {
                            address?: string;
                            interval?: string;
                            query?: string;
                        };
                        wavefront?: {
                            address?: string;
                            query?: string;
                        };
                        web?: {
                            authentication?: {
                                oauth2?: {
                                    clientId?: string;
                                    clientSecret?: string;
                                    scopes?: string[];
                                    tokenUrl?: string;
                                };
                                sigv4?: {
                                    profile?: string;
                                    region?: string;
                                    roleArn?: string;
                                };
                            };
                            body?: string;
                            headers?: {
                                key: string;
                                value: string;
                            }[];
                            insecure?: boolean;
                            jsonBody?: {
                                [key: string]: unknown;
                            };
                            jsonPath?: string;
                            method?: string;
                            /** Format: int64 */
                            timeoutSeconds?: number;
                            url: string;
                        };
                    };
                    successCondition?: string;
                }[];
                templates?: {
                    clusterScope?: boolean;
                    templateName?: string;
                }[];
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
