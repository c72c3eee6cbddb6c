import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';

type DtoClass = () => new () => object;

/**
 * One nested request object. `ValidateNested()` alone descends into an array in its place and finds
 * nothing to check, so `"agent": []` passed; `IsObject` refuses arrays, strings and null.
 */
export function NestedObject(type: DtoClass): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}

/**
 * A list of nested request objects. `ValidateNested({ each: true })` alone descends into an inner
 * array and finds nothing to check, so `{"items": [[]]}` passed validation and reached the handler
 * as an item without fields (a 500). `IsObject` on each element refuses it as VALIDATION.IS_OBJECT.
 */
export function NestedObjects(type: DtoClass): PropertyDecorator {
  return applyDecorators(IsArray(), IsObject({ each: true }), ValidateNested({ each: true }), Type(type));
}
