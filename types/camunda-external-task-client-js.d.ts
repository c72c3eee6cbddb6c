// The parts of Camunda's external task client (plain JavaScript, no types of its own) the tests use.
declare module 'camunda-external-task-client-js' {
  export type Interceptor = (config: Record<string, unknown>) => Record<string, unknown>;

  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    get(name: string): unknown;
    getTyped(name: string): TypedValue;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typed: TypedValue): this;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId: string;
    businessKey: string | null;
    activityId: string;
    retries: number | null;
    errorMessage: string | null;
    lockExpirationTime: string;
    priority: number;
    variables: Variables;
    [field: string]: unknown;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(
      task: Task,
      options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number },
    ): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    usePriority?: boolean;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    interceptors?: Interceptor | Interceptor[];
  }

  export interface Subscription {
    unsubscribe(): void;
  }

  export class Client {
    constructor(options: ClientOptions);
    start(): void;
    stop(): void;
    subscribe(
      topic: string,
      options: { lockDuration?: number; variables?: string[] },
      handler: (args: { task: Task; taskService: TaskService }) => Promise<void> | void,
    ): Subscription;
    subscribe(
      topic: string,
      handler: (args: { task: Task; taskService: TaskService }) => Promise<void> | void,
    ): Subscription;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  /** Its constructor returns the interceptor function itself. */
  export const BasicAuthInterceptor: new (options: { username: string; password: string }) => Interceptor;
}
